package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Gate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** trySubmit never blocks and says why it rejected: QUEUE_FULL or STOPPED, counted as dropped. */
@Timeout(10)
class TrySubmitTest {

  @Test
  void aFullPoolRejectsWithQueueFullAndCountsTheDrop() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1))) {
      assertThat(pool.trySubmit(gate.task(1)).isAccepted()).isTrue();
      assertThat(pool.trySubmit(gate.task(2)).isAccepted()).isTrue();
      SubmitResult<Integer> r = pool.trySubmit(gate.task(3));
      assertThat(r).isEqualTo(new SubmitResult.Rejected<Integer>(RejectReason.QUEUE_FULL));
      assertThatThrownBy(r::handle)
          .isInstanceOf(RejectedException.class)
          .satisfies(e -> assertThat(((RejectedException) e).reason()).isEqualTo(RejectReason.QUEUE_FULL));
      assertThat(pool.metrics().dropped()).isEqualTo(1);
      assertThat(pool.metrics().submitted()).isEqualTo(2);
      gate.open();
    }
  }

  @Test
  void aStoppedPoolRejectsWithStoppedAndBlockingSubmitThrows() throws Exception {
    WorkerPool pool = WorkerPool.create(2);
    pool.stop(Duration.ofSeconds(1));
    assertThat(pool.trySubmit(() -> 1)).isEqualTo(new SubmitResult.Rejected<Integer>(RejectReason.STOPPED));
    assertThatThrownBy(() -> pool.submit(() -> 1))
        .isInstanceOf(RejectedException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WorkerPool: pool is stopped")
        .satisfies(e -> assertThat(((RejectedException) e).reason()).isEqualTo(RejectReason.STOPPED));
    assertThat(pool.metrics().dropped()).isEqualTo(2);
  }

  @Test
  void trySubmitIgnoresTheInterruptStatus() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      Thread.currentThread().interrupt();
      SubmitResult<Integer> r = pool.trySubmit(() -> 7);
      assertThat(Thread.interrupted()).isTrue();
      assertThat(r.handle().await()).isEqualTo(7);
    }
  }

  @Test
  void trySubmitWithADoneContextThrowsAndSubmitsNothing() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      CancelContext ctx = Context.withCancel(Context.background());
      ctx.cancel();
      assertThatThrownBy(() -> pool.trySubmit(ctx, c -> 1, TaskOptions.defaults()))
          .isInstanceOf(ContextCancelledException.class);
      assertThat(pool.metrics().submitted()).isZero();
    }
  }
}
