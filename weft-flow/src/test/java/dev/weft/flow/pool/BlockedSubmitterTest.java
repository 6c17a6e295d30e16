package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A full pool blocks at most maxBlockedSubmitters submitters; one more is rejected at once. */
@Timeout(10)
class BlockedSubmitterTest {

  private static WorkerPool fullPool(Gate gate, int maxBlocked) throws Exception {
    WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1).withMaxBlockedSubmitters(maxBlocked));
    pool.submit(gate.task(0));
    pool.submit(gate.task(0));
    gate.awaitStarted(1);
    return pool;
  }

  @Test
  void aSubmitterAboveTheCapIsRejectedWithTooManyBlockedSubmitters() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = fullPool(gate, 1)) {
      Async<TaskHandle<Integer>> blocked = Async.call(() -> pool.submit(gate.task(1)));
      blocked.assertStillBlocked();
      Async<TaskHandle<Integer>> extra = Async.call(() -> pool.submit(gate.task(2)));
      assertThat(extra.failure())
          .isInstanceOf(RejectedException.class)
          .hasMessage("WorkerPool: pool is full and too many submitters are already blocked")
          .satisfies(
              e -> assertThat(((RejectedException) e).reason())
                  .isEqualTo(RejectReason.TOO_MANY_BLOCKED_SUBMITTERS));
      gate.open();
      assertThat(blocked.get().await()).isEqualTo(1);
      assertThat(pool.metrics().dropped()).isEqualTo(1);
    }
  }

  @Test
  void aCapOfZeroNeverBlocks() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = fullPool(gate, 0)) {
      Async<TaskHandle<Integer>> s = Async.call(() -> pool.submit(gate.task(1)));
      assertThat(s.failure()).isInstanceOf(RejectedException.class);
      gate.open();
    }
  }

  @Test
  void aBlockedSubmitterIsAdmittedWhenRoomFreesUp() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = fullPool(gate, Integer.MAX_VALUE)) {
      Async<TaskHandle<Integer>> a = Async.call(() -> pool.submit(() -> 10));
      Async<TaskHandle<Integer>> b = Async.call(() -> pool.submit(() -> 20));
      a.assertStillBlocked();
      b.assertStillBlocked();
      gate.open();
      assertThat(a.get().await() + b.get().await()).isEqualTo(30);
    }
  }

  @Test
  void stoppingThePoolRejectsBlockedSubmittersWithStopped() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = fullPool(gate, 5);
    Async<TaskHandle<Integer>> a = Async.call(() -> pool.submit(() -> 10));
    a.assertStillBlocked();
    Async<StopReport> stop = Async.call(() -> pool.stop(java.time.Duration.ofSeconds(5)));
    assertThat(a.failure())
        .isInstanceOf(RejectedException.class)
        .satisfies(e -> assertThat(((RejectedException) e).reason()).isEqualTo(RejectReason.STOPPED));
    gate.open();
    assertThat(stop.get().isClean()).isTrue();
  }
}
