package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A throttler calls at once for the first event, then at most once per interval, with the latest
 * event at the end of the interval when the trailing call is on.
 */
@Timeout(10)
class ThrottlerTest {

  private static final Context BG = Context.background();
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private final FakeClock clock = new FakeClock();
  private final Calls<String> calls = new Calls<>();

  private Throttler<String> throttler(boolean trailing) {
    return Throttler.create(
        ThrottleConfig.of(INTERVAL).withTrailing(trailing).withClock(clock), calls);
  }

  private void advance(Throttler<?> t, long millis) throws InterruptedException {
    clock.advance(Duration.ofMillis(millis));
    t.awaitIdle(BG);
  }

  @Test
  void leadingCallAtOnceThenTheLatestEventAtTheEndOfTheInterval() throws Exception {
    try (Throttler<String> t = throttler(true)) {
      t.submit("a");
      t.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a");
      advance(t, 30);
      t.submit("b");
      t.submit("c");
      advance(t, 69);
      assertThat(calls.values()).containsExactly("a");
      advance(t, 1);
      assertThat(calls.values()).containsExactly("a", "c");
      t.submit("d"); // the trailing call opened a new interval
      advance(t, 99);
      assertThat(calls.values()).containsExactly("a", "c");
      advance(t, 1);
      assertThat(calls.values()).containsExactly("a", "c", "d");
      advance(t, 100); // the interval ends with nothing pending
      t.submit("e");
      t.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a", "c", "d", "e");
    }
  }

  @Test
  void withoutTheTrailingCallEventsDuringTheIntervalAreDropped() throws Exception {
    try (Throttler<String> t = throttler(false)) {
      t.submit("a");
      t.submit("b");
      assertThat(t.hasPending()).isFalse();
      advance(t, 100);
      assertThat(calls.values()).containsExactly("a");
      assertThat(clock.pending()).isZero();
      t.submit("c");
      t.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a", "c");
    }
  }

  @Test
  void callsAreAtLeastOneIntervalApartAndTheLastEventIsDelivered() throws Exception {
    SplittableRandom rnd = new SplittableRandom(7);
    List<Long> callTimes = new ArrayList<>();
    List<String> submitted = new ArrayList<>();
    try (Throttler<String> t = throttler(true)) {
      for (int step = 0; step < 400; step++) {
        if (rnd.nextInt(3) == 0) {
          String v = "v" + step;
          submitted.add(v);
          t.submit(v);
          t.awaitIdle(BG);
          while (callTimes.size() < calls.values().size()) callTimes.add(clock.nanoTime());
        }
        advance(t, 10); // every interval end falls on a step end, so call times are exact
        while (callTimes.size() < calls.values().size()) callTimes.add(clock.nanoTime());
      }
      advance(t, 100);
    }
    for (int i = 1; i < callTimes.size(); i++) {
      assertThat(callTimes.get(i) - callTimes.get(i - 1)).isGreaterThanOrEqualTo(INTERVAL.toNanos());
    }
    assertThat(calls.values()).isSubsetOf(submitted).doesNotHaveDuplicates();
    assertThat(calls.values().get(calls.values().size() - 1)).isEqualTo(submitted.get(submitted.size() - 1));
  }

  @Test
  void flushMakesThePendingCallNowAndStartsANewInterval() throws Exception {
    try (Throttler<String> t = throttler(true)) {
      t.submit("a");
      t.submit("b");
      advance(t, 40);
      assertThat(t.flush()).isTrue();
      assertThat(t.flush()).isFalse();
      t.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a", "b");
      t.submit("c");
      advance(t, 99);
      assertThat(calls.values()).containsExactly("a", "b");
      advance(t, 1);
      assertThat(calls.values()).containsExactly("a", "b", "c");
    }
  }

  @Test
  void cancelDropsThePendingCallButKeepsTheInterval() throws Exception {
    try (Throttler<String> t = throttler(true)) {
      t.submit("a");
      t.submit("b");
      assertThat(t.cancel()).isTrue();
      assertThat(t.cancel()).isFalse();
      advance(t, 50);
      t.submit("c"); // still inside the interval: pending, not at once
      t.awaitIdle(BG);
      assertThat(calls.values()).containsExactly("a");
      advance(t, 50);
      assertThat(calls.values()).containsExactly("a", "c");
    }
  }

  @Test
  void closeMakesThePendingCallAtOnceAndRefusesMoreEvents() throws Exception {
    Throttler<String> t = throttler(true);
    t.submit("a");
    t.submit("b");
    t.close();
    t.awaitIdle(BG);
    assertThat(calls.values()).containsExactly("a", "b");
    assertThat(clock.pending()).isZero();
    assertThatThrownBy(() -> t.submit("c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Throttler: submit after close");
    assertThat(t.isClosed()).isTrue();
    t.close();
  }

  @Test
  void theCallbackRunsOnATrackedVirtualThreadNotTheSubmitter() throws Exception {
    try (Throttler<String> t = throttler(true)) {
      t.submit("a");
      t.awaitIdle(BG);
    }
    Thread th = calls.threads().get(0);
    assertThat(th).isNotSameAs(Thread.currentThread());
    assertThat(th.isVirtual()).isTrue();
    assertThat(th.getName()).startsWith("weft-throttler");
  }
}
