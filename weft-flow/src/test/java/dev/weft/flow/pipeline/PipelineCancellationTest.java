package dev.weft.flow.pipeline;

import static dev.weft.test.Waiting.until;
import static dev.weft.test.Waiting.untilWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Gate;
import dev.weft.chan.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cancellation through the context (before and during a run), through the handle, and by
 * interrupting the thread in run(): run throws promptly and no stage thread is left (the
 * leak-check extension verifies the latter after each test).
 */
@Timeout(10)
class PipelineCancellationTest {

  /** An endless generator that records the exception that stopped it. */
  static Pipeline<Integer> endless(AtomicReference<Throwable> stoppedBy) {
    return Pipeline.generate(
        emit -> {
          try {
            for (int i = 0; ; i++) emit.emit(i);
          } catch (RuntimeException e) {
            stoppedBy.set(e);
            throw e;
          }
        });
  }

  @Test
  void contextDoneBeforeRunStartsNothing() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel(new IllegalStateException("shutting down"));
    AtomicBoolean touched = new AtomicBoolean();
    Iterable<Integer> items =
        () -> {
          touched.set(true);
          return List.of(1).iterator();
        };
    assertThatThrownBy(() -> Pipeline.from(items).toList().run(ctx))
        .isInstanceOf(ContextCancelledException.class)
        .hasMessage("context canceled: java.lang.IllegalStateException: shutting down")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(touched).isFalse();
  }

  @Test
  void startWithADoneContextGivesACancelledRun() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    PipelineRun<List<Integer>> run = Pipeline.from(List.of(1, 2)).toList().start(ctx);
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(run.isDone()).isTrue();
  }

  @Test
  void cancellingTheContextDuringARunStopsEveryStage() throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    CountDownLatch tenSeen = new CountDownLatch(10);
    IllegalStateException cause = new IllegalStateException("deploy");
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread runner =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      endless(stoppedBy)
                          .map("x", i -> i, StageOptions.parallel(3))
                          .forEach(i -> tenSeen.countDown())
                          .run(ctx);
                      outcome.complete(null);
                    } catch (Throwable t) {
                      outcome.complete(t);
                    }
                  });
      tenSeen.await();
      ctx.cancel(cause);
      runner.join();
      assertThat(outcome.get())
          .isInstanceOf(ContextCancelledException.class)
          .cause().isSameAs(cause);
    }
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void deadlineEndsARun() {
    try (CancelContext ctx =
        Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThatThrownBy(
              () -> endless(new AtomicReference<>()).forEach(i -> Thread.sleep(1)).run(ctx))
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void handleCancelStopsTheRunAndReportsWhetherItDidSo() throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    PipelineRun<Void> run = endless(stoppedBy).forEach(i -> {}).start(Context.background());
    until(() -> run.metrics().get(1).itemsOut() > 100);
    assertThat(run.cancel()).isTrue();
    assertThat(run.cancel()).isFalse();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(run.isDone()).isTrue();
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void aGeneratorWaitingOnItsContextEndsWhenTheRunIsCancelled() throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    PipelineRun<Void> run =
        Pipeline.<Integer>generate(
                emit -> {
                  emit.emit(1);
                  try {
                    Timer.sleep(Duration.ofHours(1), emit.context()); // e.g. polling
                  } catch (ContextCancelledException e) {
                    stoppedBy.set(e);
                    throw e;
                  }
                })
            .forEach(i -> {})
            .start(Context.background());
    until(() -> run.metrics().get(1).itemsOut() == 1);
    assertThat(run.cancel()).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void aStageWaitingOnCurrentContextEndsWhenTheRunIsCancelled() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    PipelineRun<List<Integer>> run =
        Pipeline.from(List.of(1, 2, 3))
            .map(
                "remote",
                i -> {
                  waiting.countDown();
                  try {
                    Timer.sleep(Duration.ofHours(1), Pipeline.currentContext());
                  } catch (ContextCancelledException e) {
                    stoppedBy.set(e);
                    throw e;
                  }
                  return i;
                },
                StageOptions.parallel(2))
            .toList()
            .start(Context.background());
    waiting.await();
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
    assertThatThrownBy(Pipeline::currentContext)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Pipeline: currentContext() called outside a stage function");
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 4})
  void cancellingARunWhileItSkipsItemsStopsIt(int parallelism) throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    PipelineRun<Void> run =
        endless(stoppedBy)
            .map(
                "alwaysFails",
                i -> {
                  throw new IOException("item " + i);
                },
                StageOptions.parallel(parallelism).withErrorPolicy(ErrorPolicy.skip()))
            .forEach(i -> {})
            .start(Context.background());
    until(() -> run.metrics().get(1).itemsFailed() > 100);
    assertThat(run.cancel()).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(stoppedBy.get()).isInstanceOf(ContextCancelledException.class);
    StageMetrics m = run.metrics().get(1);
    assertThat(m.itemsOut()).isZero();
    assertThat(m.itemsFailed()).isBetween(m.itemsIn() - parallelism, m.itemsIn());
  }

  @Test
  void aStageWaitingOnAFullDeadLetterChannelEndsWhenTheRunIsCancelled() throws Exception {
    Channel<FailedItem> dead = Channel.unbuffered(); // nobody receives
    PipelineRun<List<Integer>> run =
        Pipeline.from(List.of(1, 2, 3))
            .<Integer>map(
                "fails",
                i -> {
                  throw new IOException("item " + i);
                },
                StageOptions.defaults().withErrorPolicy(ErrorPolicy.deadLetter(dead)))
            .toList()
            .start(Context.background());
    until(() -> run.metrics().get(1).itemsIn() == 1);
    assertThat(run.cancel()).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(dead.len()).isZero();
    assertThat(run.metrics().get(1).itemsFailed()).isZero();
  }

  @Test
  void aCancelledRunNeverPassesForAFinishedOneDownstream() throws Exception {
    // Every stage on its own thread, each waiting on a channel of the run when the run is cancelled
    StageOptions own = StageOptions.defaults().unfused();
    Gate emitted = new Gate();
    PipelineRun<List<Integer>> run =
        Pipeline.<Integer>generate(
                emit -> {
                  for (int i = 0; i < 3; i++) emit.emit(i);
                  emitted.open();
                  emit.context().await(); // holds the input open until the run is cancelled
                })
            .map("a", i -> i, own)
            .map("b", i -> i, own)
            .collect("sink", java.util.stream.Collectors.toList(), own)
            .start(Context.background());
    emitted.pass();
    until(() -> run.metrics().get(3).itemsOut() == 3);
    assertThat(run.cancel()).isTrue();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
    assertThat(run.metrics()).extracting(StageMetrics::itemsOut).containsExactly(3L, 3L, 3L, 3L);
  }

  @Test
  void aCompletedRunStaysCompletedWhenCancelledAfterwards() throws Exception {
    PipelineRun<List<Integer>> run = Pipeline.from(List.of(1, 2, 3)).toList().start(Context.background());
    assertThat(run.await()).containsExactly(1, 2, 3);
    assertThat(run.cancel()).isFalse();
    assertThat(run.await()).containsExactly(1, 2, 3);
  }

  @Test
  void interruptBeforeRunThrowsAndStartsNothing() {
    AtomicBoolean touched = new AtomicBoolean();
    Iterable<Integer> items =
        () -> {
          touched.set(true);
          return List.of(1).iterator();
        };
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Pipeline.from(items).toList().run(Context.background()))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(touched).isFalse();
  }

  @Test
  void interruptDuringRunCancelsTheRunAndWaitsForItsThreads() throws Exception {
    AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
    Gate sinkGate = new Gate();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    endless(stoppedBy)
                        .forEach("sink", i -> sinkGate.pass(), StageOptions.defaults().unfused())
                        .run(Context.background());
                    outcome.complete(null);
                  } catch (Throwable t) {
                    interruptedAfter.set(Thread.currentThread().isInterrupted());
                    outcome.complete(t);
                  }
                });
    untilWaiting(runner);
    runner.interrupt();
    // run() waits for the sink, which waits at the gate: run has not returned yet
    until(() -> stoppedBy.get() != null); // but the source has been cancelled
    assertThat(outcome).isNotDone();
    sinkGate.open();
    runner.join();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(interruptedAfter).isFalse();
  }

  @Test
  void awaitGivesUpWhenInterruptedOrItsContextIsDoneWhileWaitingAndTheRunGoesOn() throws Exception {
    PipelineRun<Void> run = endless(new AtomicReference<>()).forEach(i -> {}).start(Context.background());
    CompletableFuture<Throwable> interrupted = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        run.await();
        interrupted.complete(null);
      } catch (Throwable t) {
        interrupted.complete(t);
      }
    });
    untilWaiting(waiter);
    waiter.interrupt();
    assertThat(interrupted.get()).isInstanceOf(InterruptedException.class);

    try (CancelContext waitCtx = Context.withCancel(Context.background())) {
      CompletableFuture<Throwable> gaveUp = new CompletableFuture<>();
      Thread waiter2 = Thread.ofVirtual().start(() -> {
        try {
          run.await(waitCtx);
          gaveUp.complete(null);
        } catch (Throwable t) {
          gaveUp.complete(t);
        }
      });
      untilWaiting(waiter2);
      waitCtx.cancel();
      assertThat(gaveUp.get()).isInstanceOf(ContextCancelledException.class);
    }
    assertThat(run.isDone()).isFalse();
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void anInterruptedAwaitLeavesTheRunRunning() throws Exception {
    PipelineRun<Void> run = endless(new AtomicReference<>()).forEach(i -> {}).start(Context.background());
    Thread.currentThread().interrupt();
    assertThatThrownBy(run::await).isInstanceOf(InterruptedException.class);
    assertThat(run.isDone()).isFalse();
    CancelContext waitCtx = Context.withCancel(Context.background());
    waitCtx.cancel();
    assertThatThrownBy(() -> run.await(waitCtx)).isInstanceOf(ContextCancelledException.class);
    assertThat(run.isDone()).isFalse();
    run.cancel();
    assertThatThrownBy(run::await).isInstanceOf(ContextCancelledException.class);
  }
}
