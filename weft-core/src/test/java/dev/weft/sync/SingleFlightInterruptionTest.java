package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link SingleFlight} caller that is interrupted or whose context is done (on entry or while
 * waiting as a duplicate) throws, and the call in flight goes on for the others.
 */
@Timeout(10)
class SingleFlightInterruptionTest {

  private final SingleFlight<String, String> flights = new SingleFlight<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Starts a leader for "k" that blocks in fn until {@code release}. */
  private Async<SingleFlight.Result<String>> startLeader() throws InterruptedException {
    return Leaders.startBlocked(flights, "k", release, () -> "v");
  }

  @Test
  void interruptedOnEntryRunsNothing() {
    AtomicInteger calls = new AtomicInteger();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> flights.run("k", () -> "v" + calls.incrementAndGet()))
        .isInstanceOf(InterruptedException.class);
    assertThat(calls.get()).isZero();
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void contextDoneOnEntryRunsNothingAndJoinsNothing() {
    AtomicInteger calls = new AtomicInteger();
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> flights.run("k", () -> "v" + calls.incrementAndGet(), ctx))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(calls.get()).isZero();
    assertThat(flights.inFlight()).isZero();
  }

  @Test
  void aDuplicateInterruptedWhileWaitingThrowsAndTheCallGoesOn() throws Exception {
    Async<SingleFlight.Result<String>> leader = startLeader();
    Async<SingleFlight.Result<String>> dup =
        Async.call(() -> flights.run("k", () -> "unused")).awaitParkedOn(flights);
    dup.thread().interrupt();
    assertThat(dup.failure()).isInstanceOf(InterruptedException.class);
    assertThat(flights.inFlight()).isEqualTo(1);
    release.countDown();
    // The duplicate that gave up does not count as sharing the result.
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Value<>("v", false));
  }

  @Test
  void aContextAwareDuplicateIsInterruptibleToo() throws Exception {
    Async<SingleFlight.Result<String>> leader = startLeader();
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<SingleFlight.Result<String>> dup =
          Async.call(() -> flights.run("k", () -> "unused", ctx)).awaitParkedOn(flights);
      dup.thread().interrupt();
      assertThat(dup.failure()).isInstanceOf(InterruptedException.class);
    }
    release.countDown();
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Value<>("v", false));
  }

  @Test
  void aDuplicateWhoseContextIsCancelledThrowsWithTheCauseAndTheCallGoesOn() throws Exception {
    Async<SingleFlight.Result<String>> leader = startLeader();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<SingleFlight.Result<String>> dup =
        Async.call(() -> flights.run("k", () -> "unused", ctx)).awaitParkedOn(flights);
    Async<SingleFlight.Result<String>> patient =
        Async.call(() -> flights.run("k", () -> "unused", Context.background()))
            .awaitParkedOn(flights);
    IllegalStateException why = new IllegalStateException("client went away");
    ctx.cancel(why);
    assertThat(dup.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    release.countDown();
    assertThat(patient.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
    assertThat(leader.get()).isEqualTo(new SingleFlight.Result.Value<>("v", true));
  }

  @Test
  void aDuplicateWhoseDeadlinePassesThrows() throws Exception {
    Async<SingleFlight.Result<String>> leader = startLeader();
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThat(Async.call(() -> flights.run("k", () -> "unused", ctx)).failure())
          .isInstanceOf(ContextCancelledException.class);
    }
    release.countDown();
    assertThat(leader.get().get()).isEqualTo("v");
  }

  @Test
  void theContextDoesNotStopTheLeadersOwnFn() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    SingleFlight.Result<String> r =
        flights.run(
            "k",
            () -> {
              ctx.cancel();
              return "finished anyway";
            },
            ctx);
    assertThat(r.get()).isEqualTo("finished anyway");
  }

  @Test
  void aLeaderWhoseFnIsInterruptedGetsTheInterruptDuplicatesGetAFailure() throws Exception {
    CountDownLatch blockForever = new CountDownLatch(1);
    Async<SingleFlight.Result<String>> leader =
        Leaders.startBlocked(flights, "k", blockForever, () -> "never");
    Async<SingleFlight.Result<String>> dup =
        Async.call(() -> flights.run("k", () -> "unused")).awaitParkedOn(flights);
    leader.thread().interrupt();
    assertThat(leader.failure()).isInstanceOf(InterruptedException.class);
    SingleFlight.Result<String> shared = dup.get();
    assertThat(shared).isInstanceOf(SingleFlight.Result.Failure.class);
    assertThat(((SingleFlight.Result.Failure<String>) shared).error())
        .isInstanceOf(InterruptedException.class);
    assertThat(flights.inFlight()).isZero();
  }
}
