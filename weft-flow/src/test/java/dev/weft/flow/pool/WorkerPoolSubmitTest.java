package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.context.ContextKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WorkerPool}: submitted tasks run on weft virtual threads and their handles give results. */
@Timeout(10)
class WorkerPoolSubmitTest {

  @Test
  void submitRunsTheTaskOnAWeftVirtualThreadAndAwaitReturnsItsResult() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      List<TaskHandle<Integer>> handles = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        int n = i;
        handles.add(
            pool.submit(
                () -> {
                  threads.add(Thread.currentThread());
                  return n * n;
                }));
      }
      for (int i = 0; i < 20; i++) {
        assertThat(handles.get(i).await()).isEqualTo(i * i);
        assertThat(handles.get(i).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(handles.get(i).outcome()).contains(new TaskOutcome.Succeeded<>(i * i));
      }
      // an idle worker gives up its thread, so the tasks may have run on more than 2 threads
      assertThat(threads).isNotEmpty();
      assertThat(threads)
          .allSatisfy(
              t -> {
                assertThat(t.isVirtual()).isTrue();
                assertThat(t.getName()).startsWith("weft-pool-");
              });
    }
  }

  @Test
  void aFailedTaskKeepsItsOwnExceptionAsTheCause() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<String> h = pool.submit(WorkerPoolSubmitTest::explode);
      Throwable cause = h.awaitOutcome() instanceof TaskOutcome.Failed<String> f ? f.error() : null;
      assertThat(cause).isInstanceOf(IOException.class).hasMessage("boom");
      assertThat(cause.getStackTrace()[0].getMethodName()).isEqualTo("explode");
      assertThatThrownBy(h::await).isInstanceOf(ExecutionException.class).hasCause(cause);
      assertThat(h.state()).isEqualTo(TaskState.FAILED);
    }
  }

  private static String explode() throws IOException {
    throw new IOException("boom");
  }

  @Test
  void goRunsAFireAndForgetTaskWithANullResult() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      List<String> seen = new ArrayList<>();
      TaskHandle<Void> h = pool.go(() -> seen.add("ran"));
      assertThat(h.await()).isNull();
      assertThat(seen).containsExactly("ran");
    }
  }

  @Test
  void aContextTaskGetsAContextDerivedFromTheSubmittingContext() throws Exception {
    ContextKey<String> user = ContextKey.of("user");
    Context ctx = Context.withValue(Context.background(), user, "ada");
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<String> h = pool.submit(ctx, c -> c.value(user).orElse("none") + c.isDone());
      assertThat(h.await()).isEqualTo("adafalse");
      TaskHandle<Boolean> plain = pool.submit(c -> c.isDone());
      assertThat(plain.await()).isFalse();
    }
  }

  @Test
  void nullArgumentsAreRejectedWithTheTypeInTheMessage() {
    try (WorkerPool pool = WorkerPool.create(1)) {
      assertThatThrownBy(() -> pool.submit((java.util.concurrent.Callable<Object>) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("WorkerPool: task is null");
      assertThatThrownBy(() -> pool.submit(null, c -> 1))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("WorkerPool: context is null");
      assertThatThrownBy(() -> pool.submit(c -> 1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("WorkerPool: options is null");
      assertThatThrownBy(() -> WorkerPool.create(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("WorkerPool: maxWorkers must be > 0, got 0");
      assertThatThrownBy(() -> pool.resize(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("WorkerPool: maxWorkers must be > 0, got -1");
    }
  }

  @Test
  void toStringShowsTheLimitAndTheState() throws Exception {
    WorkerPool pool = WorkerPool.create(3);
    assertThat(pool).hasToString("WorkerPool[maxWorkers=3, workers=0, running=0, waiting=0]");
    pool.close();
    assertThat(pool.toString()).endsWith(", terminated]");
    assertThat(pool.isStopped()).isTrue();
    assertThat(pool.isTerminated()).isTrue();
  }
}
