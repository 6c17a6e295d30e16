package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * Under random bursts of events, a debouncer and a throttler make exactly the calls (times and
 * values) of a reference written as a per-millisecond poll of the documented rules.
 */
@Timeout(30)
class ReferenceModelTest {

  private static final int WAIT = 10;
  private static final int MAX_WAIT = 30;
  private static final int STEPS = 1_500;

  /** A call: at which millisecond, with which value (the millisecond the event came). */
  record Call(int at, int value) {}

  /** Random events, one per millisecond at most, in bursts of varying density. */
  private static boolean[] events(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean[] ev = new boolean[STEPS];
    double p = 0.5;
    for (int t = 0; t < STEPS; t++) {
      if (rnd.nextInt(40) == 0) p = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
      ev[t] = rnd.nextDouble() < p;
    }
    return ev;
  }

  @ParameterizedTest(name = "{0}, maxWait {1}, seed {2}")
  @CsvSource({
    "TRAILING, false, 1", "TRAILING, true, 2", "LEADING, false, 3", "LEADING, true, 4",
    "BOTH, false, 5", "BOTH, true, 6", "TRAILING, true, 7", "BOTH, true, 8"
  })
  void debouncerMatchesTheReference(Edge edge, boolean maxWait, long seed) throws Exception {
    boolean[] ev = events(seed);
    FakeClock clock = new FakeClock();
    DebounceConfig config = DebounceConfig.of(Duration.ofMillis(WAIT)).withEdge(edge).withClock(clock);
    if (maxWait) config = config.withMaxWait(Duration.ofMillis(MAX_WAIT));
    Calls<Integer> calls = new Calls<>();
    List<Call> actual;
    try (Debouncer<Integer> d = Debouncer.create(config, calls)) {
      actual = drive(clock, ev, d::submit, d::awaitIdle, calls);
    }
    assertThat(actual).isEqualTo(referenceDebounce(ev, edge, maxWait ? Optional.of(MAX_WAIT) : Optional.empty()));
  }

  @ParameterizedTest(name = "trailing {0}, seed {1}")
  @CsvSource({"true, 11", "false, 12", "true, 13"})
  void throttlerMatchesTheReference(boolean trailing, long seed) throws Exception {
    boolean[] ev = events(seed);
    FakeClock clock = new FakeClock();
    ThrottleConfig config =
        ThrottleConfig.of(Duration.ofMillis(WAIT)).withTrailing(trailing).withClock(clock);
    Calls<Integer> calls = new Calls<>();
    List<Call> actual;
    try (Throttler<Integer> t = Throttler.create(config, calls)) {
      actual = drive(clock, ev, t::submit, t::awaitIdle, calls);
    }
    assertThat(actual).isEqualTo(referenceThrottle(ev, trailing));
  }

  interface Idle {
    void await(Context ctx) throws InterruptedException;
  }

  /** Steps the clock one millisecond at a time, submitting the events, recording call times. */
  private static List<Call> drive(
      FakeClock clock, boolean[] ev, java.util.function.IntConsumer submit, Idle idle, Calls<Integer> calls)
      throws InterruptedException {
    List<Call> out = new ArrayList<>();
    for (int t = 0; t < STEPS + 2 * MAX_WAIT; t++) {
      if (t > 0) clock.advance(Duration.ofMillis(1));
      idle.await(Context.background());
      record(out, calls, t);
      if (t < STEPS && ev[t]) {
        submit.accept(t);
        idle.await(Context.background());
        record(out, calls, t);
      }
    }
    return out;
  }

  private static void record(List<Call> out, Calls<Integer> calls, int t) {
    List<Integer> values = calls.values();
    for (int i = out.size(); i < values.size(); i++) out.add(new Call(t, values.get(i)));
  }

  /** The debounce rules, polled every millisecond: first what is due at t, then t's event. */
  private static List<Call> referenceDebounce(boolean[] ev, Edge edge, Optional<Integer> maxWait) {
    boolean leading = edge != Edge.TRAILING;
    boolean trailing = edge != Edge.LEADING;
    List<Call> out = new ArrayList<>();
    boolean inBurst = false;
    int last = 0;
    int since = 0; // the burst's start or its last call
    Integer pending = null;
    for (int t = 0; t < STEPS + 2 * MAX_WAIT; t++) {
      if (inBurst && t - last >= WAIT) {
        if (pending != null) out.add(new Call(t, pending));
        pending = null;
        inBurst = false;
      } else if (inBurst && pending != null && maxWait.isPresent() && t - since >= maxWait.get()) {
        out.add(new Call(t, pending));
        pending = null;
        since = t;
      }
      if (t >= STEPS || !ev[t]) continue;
      if (!inBurst) {
        inBurst = true;
        since = t;
        last = t;
        if (leading) out.add(new Call(t, t));
        else pending = t;
        continue;
      }
      last = t;
      if (trailing) {
        pending = t;
      } else if (maxWait.isPresent() && t - since >= maxWait.get()) {
        out.add(new Call(t, t));
        since = t;
      }
    }
    return out;
  }

  /** The throttle rules, polled every millisecond. */
  private static List<Call> referenceThrottle(boolean[] ev, boolean trailing) {
    List<Call> out = new ArrayList<>();
    int lastCall = Integer.MIN_VALUE / 2;
    Integer pending = null;
    for (int t = 0; t < STEPS + 2 * MAX_WAIT; t++) {
      if (pending != null && t - lastCall >= WAIT) {
        out.add(new Call(t, pending));
        pending = null;
        lastCall = t;
      }
      if (t >= STEPS || !ev[t]) continue;
      if (t - lastCall >= WAIT) {
        out.add(new Call(t, t));
        lastCall = t;
      } else if (trailing) {
        pending = t;
      }
    }
    return out;
  }
}
