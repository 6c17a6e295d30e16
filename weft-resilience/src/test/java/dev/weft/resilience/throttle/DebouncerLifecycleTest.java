package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import dev.weft.test.Gate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * flush makes the pending call now, cancel drops it, close makes it and refuses further events;
 * each leaves nothing scheduled on the clock.
 */
@Timeout(10)
class DebouncerLifecycleTest {

  private static final Context BG = Context.background();
  private final FakeClock clock = new FakeClock();

  private DebounceConfig config(Edge edge) {
    return DebounceConfig.of(Duration.ofMillis(100)).withEdge(edge).withClock(clock);
  }

  @Test
  void flushMakesThePendingCallNowAndEndsTheBurst() throws Exception {
    Calls<String> calls = new Calls<>();
    try (Debouncer<String> d = Debouncer.create(config(Edge.BOTH), calls)) {
      d.submit("a");
      d.submit("b");
      assertThat(d.flush()).isTrue();
      d.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a", "b");
      assertThat(d.hasPending()).isFalse();
      assertThat(clock.pending()).isZero();
      d.submit("c"); // the burst ended: a new leading call
      d.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a", "b", "c");
    }
  }

  @Test
  void flushWithNothingPendingDoesNothing() throws Exception {
    Calls<String> calls = new Calls<>();
    try (Debouncer<String> d = Debouncer.create(config(Edge.LEADING), calls)) {
      assertThat(d.flush()).isFalse();
      d.submit("a");
      d.submit("b");
      assertThat(d.flush()).as("leading only: nothing is pending").isFalse();
      d.submit("c");
      clock.advance(Duration.ofMillis(100));
      d.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a");
    }
  }

  @Test
  void cancelDropsThePendingCall() throws Exception {
    Calls<String> calls = new Calls<>();
    try (Debouncer<String> d = Debouncer.create(config(Edge.TRAILING), calls)) {
      d.submit("a");
      assertThat(d.cancel()).isTrue();
      assertThat(d.cancel()).isFalse();
      assertThat(clock.pending()).isZero();
      clock.advance(Duration.ofMillis(500));
      d.submit("b");
      clock.advance(Duration.ofMillis(100));
      d.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("b");
    }
  }

  @Test
  void cancelDropsACallWaitingForTheRunningCallbackButDoesNotInterruptIt() throws Exception {
    Gate gate = new Gate();
    Calls<String> calls = new Calls<>(v -> gate.pass());
    try (Debouncer<String> d = Debouncer.create(config(Edge.TRAILING), calls)) {
      d.submit("a");
      d.flush();
      gate.awaitStarted(1);
      d.submit("b");
      d.flush(); // waits for the callback thread
      assertThat(d.cancel()).isTrue();
      gate.open();
      d.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a");
      assertThat(gate.finished()).isEqualTo(1);
    }
  }

  @Test
  void closeMakesThePendingCallAtOnceAndRefusesMoreEvents() throws Exception {
    Calls<String> calls = new Calls<>();
    Debouncer<String> d = Debouncer.create(config(Edge.TRAILING), calls);
    d.submit("a");
    d.close();
    d.awaitIdle(BG);
    assertThat(calls.values()).containsExactly("a");
    assertThat(d.isClosed()).isTrue();
    assertThat(clock.pending()).isZero();
    assertThatThrownBy(() -> d.submit("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Debouncer: submit after close");
    d.close(); // idempotent
    assertThat(d.flush()).isFalse();
    assertThat(d.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    d.awaitIdle(BG);
    assertThat(calls.values()).containsExactly("a");
  }

  @Test
  void cancelThenCloseDropsThePendingCall() throws Exception {
    Calls<String> calls = new Calls<>();
    Debouncer<String> d = Debouncer.create(config(Edge.TRAILING), calls);
    d.submit("a");
    d.cancel();
    d.close();
    d.awaitIdle(BG);
    assertThat(calls.values()).isEmpty();
  }

  @Test
  void closeDuringALeadingOnlyBurstMakesNoCall() throws Exception {
    Calls<String> calls = new Calls<>();
    Debouncer<String> d = Debouncer.create(config(Edge.LEADING), calls);
    d.submit("a");
    d.submit("b");
    d.close();
    d.awaitIdle(BG);
    assertThat(calls.values()).containsExactly("a");
    assertThat(clock.pending()).isZero();
  }

  @Test
  void theCallbackMaySubmitAndCloseItsOwnDebouncer() throws Exception {
    var box = new java.util.concurrent.atomic.AtomicReference<Debouncer<Integer>>();
    Calls<Integer> calls =
        new Calls<>(
            v -> {
              if (v < 3) box.get().submit(v + 1);
              else box.get().close();
            });
    Debouncer<Integer> d = Debouncer.create(config(Edge.LEADING), calls);
    box.set(d);
    d.submit(1);
    d.awaitIdle(BG);
    assertThat(calls.values()).containsExactly(1);
    clock.advance(Duration.ofMillis(100)); // ends the burst the callback's submit extended
    d.submit(2);
    d.awaitIdle(BG);
    clock.advance(Duration.ofMillis(100));
    d.submit(3);
    d.awaitIdle(BG);
    assertThat(calls.values()).containsExactly(1, 2, 3);
    assertThat(d.isClosed()).isTrue();
  }
}
