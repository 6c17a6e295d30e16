package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.chan.Timer;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.test.Async;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Reconciler} lifecycle: graceful stop finishes queued and in-flight keys and joins the
 * workers; cancel and context cancellation stop promptly and leave queued keys; no thread is left.
 */
@Timeout(10)
class ReconcilerStopTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.create(clock);

  @Test
  void workersAreNamedVirtualWeftThreadsAndStopLeavesNone() throws Exception {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    CountDownLatch bothBusy = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              seen.add(Thread.currentThread());
              bothBusy.countDown();
              release.await();
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults().withWorkers(2).withName("rec-test"));
    queue.add("a");
    queue.add("b");
    bothBusy.await();
    assertThat(seen)
        .hasSize(2)
        .allSatisfy(
            t -> {
              assertThat(t.isVirtual()).isTrue();
              assertThat(t.getName()).startsWith("weft-rec-test-");
              assertThat(ThreadRegistry.live()).containsKey(t);
            });
    assertThat(r.isRunning()).isTrue();
    release.countDown();
    r.stop();
    assertThat(r.isRunning()).isFalse();
    // stop() returns once every worker has left its loop; the thread itself ends just after
    for (Thread t : seen) assertThat(t.join(java.time.Duration.ofSeconds(10))).isTrue();
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(r)
        .hasToString(
            "Reconciler[rec-test, workers=0, ReconcilerMetrics[reconciled=2, errors=0, requeued=0,"
                + " dropped=0]]");
  }

  @Test
  void stopFinishesTheKeysInFlightAndStillQueued() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              if (key.equals("first")) {
                started.countDown();
                release.await();
              }
              done.add(key);
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults());
    queue.add("first");
    started.await();
    queue.add("second");
    queue.add("third");
    Async<Void> stopping = Async.run(r::stop);
    stopping.awaitBlocked(queue::isShuttingDown);
    queue.add("too-late"); // ignored
    stopping.assertStillBlocked();
    release.countDown();
    stopping.get();
    assertThat(done).containsExactly("first", "second", "third");
    assertThat(r.isRunning()).isFalse();
  }

  @Test
  void aFailureDuringStopIsDroppedNotRetried() throws Exception {
    List<String> dropped = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              started.countDown();
              release.await();
              throw new IOException("fails");
            },
            ReconcilerOptions.defaults().withMaxRetries(10),
            (key, error, attempts) -> dropped.add(key + "/" + attempts));
    queue.add("k");
    started.await();
    Async<Void> stopping = Async.run(r::stop);
    stopping.awaitBlocked(queue::isShuttingDown);
    release.countDown();
    stopping.get();
    assertThat(dropped).containsExactly("k/1");
    assertThat(queue.delayed()).isZero();
    assertThat(r.metrics()).isEqualTo(new ReconcilerMetrics(0, 1, 0, 1));
  }

  @Test
  void cancelStopsPromptlyAndLeavesQueuedKeys() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Boolean> sawDone = new AtomicReference<>();
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              started.countDown();
              // Blocks until the reconciler's context is done.
              try {
                Timer.sleep(clock, Duration.ofDays(1), ctx);
              } catch (java.util.concurrent.CancellationException e) {
                sawDone.set(ctx.isDone());
                throw e;
              }
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults());
    queue.add("slow");
    started.await();
    queue.add("queued-1");
    queue.add("queued-2");
    r.cancel();
    assertThat(sawDone.get()).isTrue();
    assertThat(r.isRunning()).isFalse();
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.len()).isEqualTo(2);
    assertThat(queue.inFlight()).isZero();
    assertThat(r.metrics())
        .as("the cancelled call is an error, not a drop")
        .isEqualTo(new ReconcilerMetrics(0, 1, 0, 0));
  }

  @Test
  void stopWithAGracePeriodReturnsTrueWhenTheWorkersFinishInTime() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              done.add(key);
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults());
    queue.add("a");
    queue.add("b");
    assertThat(r.stop(Duration.ofSeconds(5))).isTrue();
    assertThat(done).containsExactly("a", "b");
    assertThat(r.isRunning()).isFalse();
  }

  @Test
  void stopWithAGracePeriodCancelsWorkThatOutlivesIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Boolean> sawDone = new AtomicReference<>();
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              started.countDown();
              try {
                Timer.sleep(clock, Duration.ofDays(1), ctx); // only the context ends this
              } finally {
                sawDone.set(ctx.isDone());
              }
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults());
    queue.add("stuck");
    started.await();
    assertThat(r.stop(Duration.ofMillis(20))).isFalse();
    assertThat(sawDone.get()).isTrue();
    assertThat(r.isRunning()).isFalse();
    assertThatThrownBy(() -> r.stop(null)).hasMessage("Reconciler: gracePeriod is null");
  }

  @Test
  void cancellingTheParentContextStopsTheWorkers() throws Exception {
    CancelContext parent = Context.withCancel(Context.background());
    Reconciler<String> r =
        Reconciler.start(
            parent,
            queue,
            (ctx, key) -> ReconcileResult.done(),
            ReconcilerOptions.defaults().withWorkers(3));
    queue.add("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> r.metrics().reconciled() == 1);
    parent.cancel();
    r.awaitTermination();
    assertThat(r.isRunning()).isFalse();
    assertThat(queue.isShuttingDown()).isTrue();
    r.stop(); // idempotent
    r.close();
  }

  @Test
  void anAlreadyCancelledContextStartsNothing() throws Exception {
    CancelContext parent = Context.withCancel(Context.background());
    parent.cancel();
    queue.add("a");
    Reconciler<String> r =
        Reconciler.start(
            parent, queue, (ctx, key) -> ReconcileResult.done(), ReconcilerOptions.defaults());
    r.awaitTermination();
    assertThat(r.metrics().reconciled()).isZero();
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void stopFromAWorkerFailsInsteadOfWaitingForItself() throws Exception {
    AtomicReference<Reconciler<String>> self = new AtomicReference<>();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch ready = new CountDownLatch(1);
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              ready.await();
              try {
                self.get().stop();
              } catch (IllegalStateException e) {
                thrown.set(e);
              } finally {
                called.countDown();
              }
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults());
    self.set(r);
    ready.countDown();
    queue.add("a");
    called.await();
    assertThat(thrown.get()).hasMessage("Reconciler: stop() called from one of its own workers");
    assertThat(queue.isShuttingDown()).isFalse();
    r.close();
  }

  @Test
  void stopInterruptedOnEntryThrows() throws Exception {
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> ReconcileResult.done(),
            ReconcilerOptions.defaults());
    Thread.currentThread().interrupt();
    assertThatThrownBy(r::stop).isInstanceOf(InterruptedException.class);
    assertThat(r.isRunning()).isTrue();
    r.stop();
  }

  @Test
  void badArgumentsAreRejected() {
    ReconcileFunction<String> fn = (ctx, key) -> ReconcileResult.done();
    ReconcilerOptions o = ReconcilerOptions.defaults();
    assertThatThrownBy(() -> Reconciler.start(null, queue, fn, o))
        .hasMessage("Reconciler: context is null");
    assertThatThrownBy(() -> Reconciler.start(Context.background(), null, fn, o))
        .hasMessage("Reconciler: queue is null");
    assertThatThrownBy(() -> Reconciler.<String>start(Context.background(), queue, null, o))
        .hasMessage("Reconciler: reconcile function is null");
    assertThatThrownBy(() -> Reconciler.start(Context.background(), queue, fn, null))
        .hasMessage("Reconciler: options is null");
    assertThatThrownBy(() -> Reconciler.start(Context.background(), queue, fn, o, null))
        .hasMessage("Reconciler: drop handler is null");
    assertThatThrownBy(() -> o.withWorkers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ReconcilerOptions: workers must be >= 1, got 0");
    assertThatThrownBy(() -> o.withMaxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ReconcilerOptions: maxRetries must be >= 0, got -1");
    assertThatThrownBy(() -> o.withName(" ")).hasMessage("ReconcilerOptions: name is blank");
    assertThatThrownBy(() -> o.withName(null)).hasMessage("ReconcilerOptions: name is null");
    assertThatThrownBy(() -> ReconcileResult.requeueAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ReconcileResult: delay must be >= 0, got PT-1S");
    assertThat(o).isEqualTo(new ReconcilerOptions(1, 5, "reconciler"));
    assertThat(queue.isShuttingDown()).isFalse();
  }
}
