package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A debouncer calls at the trailing edge, the leading edge or both, with the right value. */
@Timeout(10)
class DebouncerEdgeTest {

  private static final Duration WAIT = Duration.ofMillis(100);
  private final FakeClock clock = new FakeClock();
  private final Calls<String> calls = new Calls<>();

  private Debouncer<String> debouncer(Edge edge) {
    return Debouncer.create(DebounceConfig.of(WAIT).withEdge(edge).withClock(clock), calls);
  }

  private void advance(Debouncer<?> d, long millis) throws InterruptedException {
    clock.advance(Duration.ofMillis(millis));
    d.awaitIdle(Context.background());
  }

  @Test
  void trailingCallsOnceWithTheLatestValueWhenTheBurstHasBeenQuietForTheWait() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.TRAILING)) {
      d.submit("a");
      advance(d, 50);
      d.submit("b");
      advance(d, 50);
      d.submit("c");
      advance(d, 99);
      assertThat(calls.values()).isEmpty();
      assertThat(d.hasPending()).isTrue();
      advance(d, 1);
      assertThat(calls.values()).containsExactly("c");
      assertThat(d.hasPending()).isFalse();
      assertThat(clock.pending()).as("nothing left scheduled").isZero();
      advance(d, 1_000);
      assertThat(calls.values()).containsExactly("c");
    }
  }

  @Test
  void trailingCallsOncePerBurst() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.TRAILING)) {
      d.submit("a");
      advance(d, 100);
      d.submit("b");
      d.submit("c");
      advance(d, 100);
      assertThat(calls.values()).containsExactly("a", "c");
    }
  }

  @Test
  void leadingCallsAtOnceWithTheFirstValueAndIgnoresTheRestOfTheBurst() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.LEADING)) {
      d.submit("a");
      d.awaitIdle(Context.background());
      assertThat(calls.values()).containsExactly("a");
      advance(d, 60);
      d.submit("b");
      advance(d, 60);
      d.submit("c"); // 60 ms after b: still the same burst
      advance(d, 100);
      assertThat(calls.values()).containsExactly("a");
      assertThat(d.hasPending()).isFalse();
      d.submit("d"); // quiet for 100 ms: a new burst
      d.awaitIdle(Context.background());
      assertThat(calls.values()).containsExactly("a", "d");
    }
  }

  @Test
  void bothCallsAtOnceAndAgainAtTheEndIfMoreEventsCame() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.BOTH)) {
      d.submit("a");
      advance(d, 100);
      assertThat(calls.values()).as("a single event makes one call").containsExactly("a");
      d.submit("b");
      d.awaitIdle(Context.background());
      advance(d, 10);
      d.submit("c");
      d.submit("d");
      advance(d, 99);
      assertThat(calls.values()).containsExactly("a", "b");
      advance(d, 1);
      assertThat(calls.values()).containsExactly("a", "b", "d");
    }
  }

  @Test
  void aBurstKeepsOneScheduledActionHoweverManyEventsItHas() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.TRAILING)) {
      for (int i = 0; i < 1_000; i++) {
        d.submit("v" + i);
        if (i % 100 == 99) clock.advance(Duration.ofMillis(10));
        assertThat(clock.pending()).isEqualTo(1);
      }
      advance(d, 100);
      assertThat(calls.values()).containsExactly("v999");
      assertThat(clock.pending()).isZero();
    }
  }

  @Test
  void theCallbackRunsOnATrackedVirtualThreadNotTheSubmitter() throws Exception {
    try (Debouncer<String> d = debouncer(Edge.LEADING)) {
      d.submit("a");
      d.awaitIdle(Context.background());
    }
    Thread t = calls.threads().get(0);
    assertThat(t).isNotSameAs(Thread.currentThread());
    assertThat(t.isVirtual()).isTrue();
    assertThat(t.getName()).startsWith("weft-debouncer");
  }
}
