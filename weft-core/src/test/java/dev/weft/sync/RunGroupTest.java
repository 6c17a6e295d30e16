package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first actor to exit stops the others; the first failure wins; restarts follow their policy. */
@Timeout(30)
class RunGroupTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** An actor that runs until its context is done, recording that it stopped. */
  private static Void untilDone(Context ctx, List<String> log, String name) throws InterruptedException {
    try {
      ctx.await();
    } finally {
      log.add(name + " stopped");
    }
    return null;
  }

  private static Void park(Context ctx) throws InterruptedException {
    ctx.await();
    return null;
  }

  @Test
  void theFirstActorToReturnStopsTheOthersAndRunReturnsNormally() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    RunGroup g = new RunGroup();
    g.add("a", ctx -> untilDone(ctx, log, "a"));
    g.add("b", ctx -> untilDone(ctx, log, "b"));
    g.add("quick", ctx -> "done");
    g.run();
    assertThat(log).containsExactlyInAnyOrder("a stopped", "b stopped");
    assertThat(g.context().isDone()).isTrue();
    assertThat(g.context().cause().orElseThrow())
        .isInstanceOf(CancellationException.class)
        .hasMessage("RunGroup: actor 'quick' returned");
  }

  @Test
  void theFirstFailureWinsAndTheEchoOfTheStopIsDropped() throws Exception {
    RunGroup g = new RunGroup();
    IOException boom = new IOException("db down");
    g.add("db", ctx -> { throw boom; });
    g.add("waits", ctx -> { ctx.await(); throw new InterruptedException("echo"); });
    g.add("gives-up", ctx -> { ctx.await(); ctx.throwIfDone(); return null; });
    assertThatThrownBy(g::run)
        .isInstanceOf(ExecutionException.class)
        .hasMessage("RunGroup: actor 'db' failed")
        .cause()
        .isSameAs(boom);
    assertThat(boom.getSuppressed()).isEmpty(); // the others only echoed the stop
    assertThat(g.context().cause()).contains(boom);
  }

  @Test
  void failuresWhileStoppingAreSuppressedIntoTheFirst() {
    RunGroup g = new RunGroup();
    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException later = new IllegalStateException("later");
    IllegalStateException inInterrupt = new IllegalStateException("interrupt failed");
    CountDownLatch firstThrown = new CountDownLatch(1);
    g.add("first", ctx -> { firstThrown.countDown(); throw first; });
    g.add("later", ctx -> { ctx.await(); throw later; }, cause -> { throw inInterrupt; });
    assertThatThrownBy(g::run).cause().isSameAs(first);
    assertThat(first.getSuppressed()).containsExactlyInAnyOrder(later, inInterrupt);
  }

  @Test
  void aFailingInterruptIsReportedWhenTheFirstExitWasClean() {
    RunGroup g = new RunGroup();
    IllegalStateException bad = new IllegalStateException("close failed");
    g.add("quick", ctx -> null);
    g.add("slow", RunGroupTest::park, cause -> { throw bad; });
    assertThatThrownBy(g::run)
        .isInstanceOf(ExecutionException.class)
        .hasMessage("RunGroup: interrupt of actor 'slow' failed")
        .cause()
        .isSameAs(bad);
  }

  @Test
  void interruptsAreCalledWithTheCauseAfterTheContextIsCancelled() throws Exception {
    CountDownLatch unblock = new CountDownLatch(1);
    List<String> seen = new CopyOnWriteArrayList<>();
    RunGroup g = new RunGroup();
    IOException boom = new IOException("boom");
    g.add("listener", ctx -> { unblock.await(); return null; }, cause -> {
      seen.add("interrupt: " + cause.getMessage() + ", context done: " + g.context().isDone());
      unblock.countDown();
    });
    g.add("failing", ctx -> { throw boom; });
    assertThatThrownBy(g::run).cause().isSameAs(boom);
    assertThat(seen).containsExactly("interrupt: boom, context done: true");
  }

  @Test
  void cancellingTheParentStopsTheGroupWithoutFailure() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    try (CancelContext parent = Context.withCancel(Context.background())) {
      RunGroup g = RunGroup.withContext(parent);
      g.add("a", ctx -> untilDone(ctx, log, "a"));
      g.add("b", ctx -> { ctx.await(); ctx.throwIfDone(); return null; }); // echoes with an exception
      Async<Void> run = tasks.run(g::run).awaitParked();
      parent.cancel(new IllegalStateException("SIGTERM"));
      run.get();
      assertThat(log).containsExactly("a stopped");
      assertThat(g.context().cause().orElseThrow()).hasMessage("SIGTERM");
    }
  }

  @Test
  void aParentDoneBeforeRunStopsEveryActorAtOnce() throws Exception {
    try (CancelContext parent = Context.withCancel(Context.background())) {
      parent.cancel();
      RunGroup g = RunGroup.withContext(parent);
      AtomicInteger ran = new AtomicInteger();
      g.add("a", ctx -> { ran.incrementAndGet(); ctx.await(); return null; });
      g.add("b", ctx -> { ran.incrementAndGet(); ctx.throwIfDone(); return null; });
      g.run();
      assertThat(ran).hasValue(2);
    }
  }

  @Test
  void aRestartableActorIsRunAgainAfterTheBackoffUpToItsLimit() {
    FakeClock clock = new FakeClock();
    AtomicInteger runs = new AtomicInteger();
    RunGroup g = RunGroup.withContext(Context.background(clock));
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60)).withJitter(dev.weft.time.Jitter.NONE);
    g.addRestartable("poller", ctx -> { throw new IOException("run " + runs.incrementAndGet()); }, new RestartPolicy(backoff, 2));
    g.add("server", RunGroupTest::park);
    Async<Void> run = tasks.run(g::run);
    try {
      clock.awaitPending(1);
      assertThat(clock.untilNext()).contains(Duration.ofSeconds(1)); // delay(0)
      clock.advance(Duration.ofSeconds(1));
      clock.awaitPending(1);
      assertThat(clock.untilNext()).contains(Duration.ofSeconds(2)); // delay(1)
      assertThat(runs).hasValue(2);
      clock.advance(Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(run.thrown())
        .isInstanceOf(ExecutionException.class)
        .hasMessage("RunGroup: actor 'poller' failed after 2 restarts")
        .cause()
        .hasMessage("run 3");
  }

  @Test
  void aRestartableActorThatRecoversKeepsTheGroupRunning() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    RunGroup g = new RunGroup();
    g.addRestartable("flaky", ctx -> {
      if (runs.incrementAndGet() < 3) throw new IOException("flaky");
      return "recovered";
    }, new RestartPolicy(Backoff.constant(Duration.ZERO), 5));
    g.add("server", RunGroupTest::park);
    g.run(); // the recovered actor's return is the first exit
    assertThat(runs).hasValue(3);
  }

  @Test
  void aStopDuringTheBackoffEndsTheRestartableActor() throws Exception {
    FakeClock clock = new FakeClock();
    try (CancelContext parent = Context.withCancel(Context.background(clock))) {
      RunGroup g = RunGroup.withContext(parent);
      AtomicInteger runs = new AtomicInteger();
      g.addRestartable("poller", ctx -> { runs.incrementAndGet(); throw new IOException("x"); },
          new RestartPolicy(Backoff.constant(Duration.ofHours(1)), 10));
      Async<Void> run = tasks.run(g::run);
      clock.awaitPending(1);
      parent.cancel();
      run.get();
      assertThat(runs).hasValue(1);
      assertThat(clock.pending()).isZero(); // the abandoned back-off timer was stopped
    }
  }

  @Test
  void interruptOnEntryStartsNothingAndTheGroupCanStillRun() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    RunGroup g = new RunGroup().add("a", ctx -> ran.incrementAndGet());
    Thread.currentThread().interrupt();
    assertThatThrownBy(g::run).isInstanceOf(InterruptedException.class);
    assertThat(ran).hasValue(0);
    g.run();
    assertThat(ran).hasValue(1);
  }

  @Test
  void interruptWhileWaitingStopsEveryActorBeforeRunThrows() {
    List<String> log = new CopyOnWriteArrayList<>();
    RunGroup g = new RunGroup();
    g.add("a", ctx -> untilDone(ctx, log, "a"));
    g.add("b", ctx -> untilDone(ctx, log, "b"));
    Async<Void> run = tasks.run(g::run).awaitParked();
    run.interrupt();
    assertThat(run.thrown()).isInstanceOf(InterruptedException.class);
    assertThat(log).containsExactlyInAnyOrder("a stopped", "b stopped");
    assertThat(g.context().cause().orElseThrow()).isInstanceOf(InterruptedException.class);
  }

  @Test
  void anInterruptWhileStoppingIsKeptAsTheInterruptStatus() throws Exception {
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RunGroup g = new RunGroup();
    g.add("quick", ctx -> null);
    g.add("slow", ctx -> { ctx.await(); stopping.countDown(); release.await(); return null; });
    Async<Boolean> run = tasks.start(() -> {
      g.run();
      return Thread.currentThread().isInterrupted();
    });
    stopping.await();
    run.awaitParked();
    run.interrupt();
    release.countDown();
    assertThat(run.get()).isTrue();
  }

  @Test
  void misuseFailsFast() throws Exception {
    RunGroup empty = new RunGroup();
    assertThatThrownBy(empty::run).isInstanceOf(IllegalStateException.class).hasMessage("RunGroup: no actors");
    RunGroup g = new RunGroup().add("a", ctx -> null);
    assertThatThrownBy(() -> g.add(null, ctx -> null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> g.add("x", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> g.add("x", ctx -> null, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> g.addRestartable("x", ctx -> null, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RunGroup.withContext(null)).isInstanceOf(NullPointerException.class);
    g.run();
    assertThatThrownBy(g::run).isInstanceOf(IllegalStateException.class).hasMessage("RunGroup: the group has been run");
    assertThatThrownBy(() -> g.add("late", ctx -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("RunGroup: cannot add actor 'late'");
    assertThatThrownBy(() -> new RestartPolicy(Backoff.defaults(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RestartPolicy:");
    assertThatThrownBy(() -> new RestartPolicy(null, 1)).isInstanceOf(NullPointerException.class);
    assertThat(RestartPolicy.defaults().withMaxRestarts(0).maxRestarts()).isZero();
  }

  @Test
  void whicheverOfAFailureAndAReturnExitsFirstTheFailureIsReportedAndEveryActorStops() {
    for (int round = 0; round < 200; round++) {
      AtomicInteger ended = new AtomicInteger();
      int failing = round % 4;
      IOException boom = new IOException("round " + round);
      RunGroup g = new RunGroup();
      for (int a = 0; a < 4; a++) {
        int me = a;
        g.add("a" + a, ctx -> {
          try {
            if (me == failing) throw boom;
            if (me == (failing + 1) % 4) return null; // races the failure to be the first exit
            ctx.await();
            return null;
          } finally {
            ended.incrementAndGet();
          }
        });
      }
      assertThatThrownBy(g::run).cause().isSameAs(boom);
      assertThat(ended).hasValue(4);
    }
  }
}
