package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Reconciler}: successes forget the key, failures are retried with the queue's back-off up
 * to {@code maxRetries}, then dropped through the drop handler; results can ask for a requeue; the
 * counters say what happened.
 */
@Timeout(10)
class ReconcilerRetryTest {

  /** A drop reported to the handler. */
  record Drop(String key, Throwable error, int attempts) {}

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue =
      WorkQueue.create(
          RequeueLimiter.exponential(Duration.ofMillis(10), Duration.ofSeconds(1)), clock);
  private final List<Drop> drops = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private Reconciler<String> reconciler;

  @AfterEach
  void stop() throws InterruptedException {
    if (reconciler != null) reconciler.stop();
  }

  private int attempts(String key) {
    AtomicInteger n = attempts.get(key);
    return n == null ? 0 : n.get();
  }

  private Reconciler<String> start(ReconcileFunction<String> fn, int maxRetries) {
    ReconcilerOptions options =
        ReconcilerOptions.defaults().withWorkers(2).withMaxRetries(maxRetries);
    reconciler =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              attempts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
              return fn.reconcile(ctx, key);
            },
            options,
            (key, error, n) -> drops.add(new Drop(key, error, n)));
    return reconciler;
  }

  /**
   * Waits until the key failed {@code n} times and sits in the delay queue, then returns its delay.
   */
  private Duration awaitRetryScheduled(String key, int n) {
    await().atMost(Duration.ofSeconds(5)).until(() -> attempts(key) == n && queue.delayed() == 1);
    return clock.untilNext().orElseThrow();
  }

  private void awaitIdle() {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.len() == 0 && queue.inFlight() == 0 && queue.delayed() == 0);
  }

  @Test
  void aSuccessfulKeyIsReconciledOnceAndForgotten() throws Exception {
    start((ctx, key) -> ReconcileResult.done(), 3);
    queue.add("a");
    queue.add("b");
    awaitIdle();
    reconciler.stop();
    assertThat(attempts("a")).isEqualTo(1);
    assertThat(attempts("b")).isEqualTo(1);
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(2, 0, 0, 0));
  }

  @Test
  void aFailingKeyIsRetriedWithGrowingBackOffUpToTheLimitThenDropped() throws Exception {
    IOException boom = new IOException("boom");
    start(
        (ctx, key) -> {
          throw boom;
        },
        3);
    queue.add("bad");
    assertThat(awaitRetryScheduled("bad", 1)).isEqualTo(Duration.ofMillis(10));
    clock.advance(Duration.ofMillis(10));
    assertThat(awaitRetryScheduled("bad", 2)).isEqualTo(Duration.ofMillis(20));
    clock.advance(Duration.ofMillis(20));
    assertThat(awaitRetryScheduled("bad", 3)).isEqualTo(Duration.ofMillis(40));
    assertThat(queue.numRequeues("bad")).isEqualTo(3);
    clock.advance(Duration.ofMillis(40));
    await().atMost(Duration.ofSeconds(5)).until(() -> drops.size() == 1);
    assertThat(drops).containsExactly(new Drop("bad", boom, 4));
    awaitIdle();
    assertThat(attempts("bad")).isEqualTo(4); // maxRetries + 1
    assertThat(queue.numRequeues("bad")).as("forgotten when dropped").isZero();
    assertThat(clock.pending()).isZero();
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(0, 4, 3, 1));
  }

  @Test
  void aTransientFailureIsRetriedAndThenForgotten() throws Exception {
    start(
        (ctx, key) -> {
          if (attempts(key) <= 2) throw new IllegalStateException("not yet");
          return ReconcileResult.done();
        },
        5);
    queue.add("flaky");
    clock.advance(awaitRetryScheduled("flaky", 1));
    clock.advance(awaitRetryScheduled("flaky", 2));
    awaitIdle();
    await().until(() -> reconciler.metrics().reconciled() == 1);
    assertThat(attempts("flaky")).isEqualTo(3);
    assertThat(queue.numRequeues("flaky")).isZero();
    assertThat(drops).isEmpty();
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(1, 2, 2, 0));
  }

  @Test
  void zeroRetriesDropsOnTheFirstFailure() {
    AssertionError failure = new AssertionError("checked invariant");
    start(
        (ctx, key) -> {
          throw failure; // errors are failures too
        },
        0);
    queue.add("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> drops.size() == 1);
    assertThat(drops).containsExactly(new Drop("k", failure, 1));
    assertThat(queue.delayed()).isZero();
  }

  @Test
  void aNullResultCountsAsAFailure() {
    start((ctx, key) -> null, 0);
    queue.add("k");
    await().atMost(Duration.ofSeconds(5)).until(() -> drops.size() == 1);
    assertThat(drops.get(0).error())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Reconciler: reconcile function returned null for k");
  }

  @Test
  void requeueAfterAddsTheKeyAgainAfterTheDelayWithItsBackOffForgotten() throws Exception {
    start(
        (ctx, key) ->
            attempts(key) == 1
                ? ReconcileResult.requeueAfter(Duration.ofSeconds(30))
                : ReconcileResult.done(),
        3);
    queue.add("lease");
    assertThat(awaitRetryScheduled("lease", 1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(queue.numRequeues("lease")).isZero();
    clock.advance(Duration.ofSeconds(30));
    await().until(() -> attempts("lease") == 2);
    awaitIdle();
    await().until(() -> reconciler.metrics().reconciled() == 2);
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(2, 0, 1, 0));
  }

  @Test
  void requeueAddsTheKeyAfterTheLimitersDelay() throws Exception {
    start((ctx, key) -> attempts(key) < 3 ? ReconcileResult.requeue() : ReconcileResult.done(), 0);
    queue.add("poll");
    assertThat(awaitRetryScheduled("poll", 1)).isEqualTo(Duration.ofMillis(10));
    clock.advance(Duration.ofMillis(10));
    assertThat(awaitRetryScheduled("poll", 2)).isEqualTo(Duration.ofMillis(20));
    clock.advance(Duration.ofMillis(20));
    await().until(() -> reconciler.metrics().reconciled() == 3);
    awaitIdle();
    assertThat(queue.numRequeues("poll")).isZero();
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(3, 0, 2, 0));
  }

  @Test
  void aFailingDropHandlerDoesNotStopTheWorkers() throws Exception {
    // The handler's failure is logged with its stack trace; capture it instead of printing it.
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(Reconciler.class.getName());
    boolean useParentHandlers = log.getUseParentHandlers();
    log.addHandler(capture);
    log.setUseParentHandlers(false);
    try {
      runWithAFailingDropHandler();
    } finally {
      log.removeHandler(capture);
      log.setUseParentHandlers(useParentHandlers);
    }
    assertThat(logged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.WARNING);
              assertThat(r.getMessage()).isEqualTo("drop-fails: drop handler failed for bad");
              assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
            });
  }

  private void runWithAFailingDropHandler() throws InterruptedException {
    reconciler =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              if (key.equals("bad")) throw new IOException("bad");
              return ReconcileResult.done();
            },
            ReconcilerOptions.defaults().withMaxRetries(0).withName("drop-fails"),
            (key, error, n) -> {
              throw new IllegalStateException("handler bug");
            });
    queue.add("bad");
    queue.add("good");
    await().atMost(Duration.ofSeconds(5)).until(() -> reconciler.metrics().reconciled() == 1);
    assertThat(reconciler.metrics()).isEqualTo(new ReconcilerMetrics(1, 1, 0, 1));
    assertThat(reconciler.isRunning()).isTrue();
  }
}
