package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.resilience.throttle.DebounceConfig;
import dev.weft.resilience.throttle.Debouncer;
import dev.weft.resilience.throttle.ThrottleConfig;
import dev.weft.resilience.throttle.Throttler;
import dev.weft.time.FakeClock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Debounce and throttle: the same keystrokes in a search box, handled two ways.
 *
 * <p>The user types "weft", pauses, then types " go", one keystroke every 50 ms. Each keystroke
 * submits the whole text so far.
 *
 * <ul>
 *   <li>A {@link Debouncer} with a 200 ms quiet period calls back once the typing stops, with the
 *       latest text: one search per burst, 200 ms after its last keystroke. Good for a search box.
 *   <li>A {@link Throttler} with a 200 ms interval calls back at once on the first keystroke, then
 *       at most once per interval with the latest text (the trailing call). Good for a progress
 *       display: steady updates while events flow, and the last one is never lost.
 * </ul>
 *
 * <p>Both call back on a virtual thread of their own; time is a {@link FakeClock}, moved 50 ms at
 * a time, and after each step the example waits until both are idle ({@code awaitIdle}), so the
 * timeline is the same on every run and takes no real time.
 *
 * <p>What to look for: debounce makes 2 calls, throttle 4 (at 0, 200, 600 and 800 ms), both
 * ending with the full text of each burst.
 */
final class DebounceThrottleExample implements Example {

  /** When each keystroke comes (ms since the start), and the text so far. */
  private static final Map<Integer, String> KEYSTROKES =
      new TreeMap<>(
          Map.of(
              0, "w", 50, "we", 100, "wef", 150, "weft", 600, "weft ", 650, "weft g", 700,
              "weft go"));

  private static final int STEP_MS = 50;
  private static final int END_MS = 1000;

  @Override
  public String name() {
    return "debounce-throttle";
  }

  @Override
  public String description() {
    return "a burst of keystrokes debounced (once it goes quiet) and throttled (once per interval)";
  }

  @Override
  public String goIdiom() {
    return "a Go `time.AfterFunc` debounce reset on each event, and a throttle on a `time.Ticker`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    FakeClock clock = new FakeClock();
    Queue<String> calls = new ConcurrentLinkedQueue<>();
    out.println("keystrokes 50 ms apart; debounce: 200 ms quiet period; throttle: 200 ms interval");
    out.println(String.format("  %7s  %-10s  %-10s  %s", "time", "typed", "debounce", "throttle"));
    try (Debouncer<String> debounce =
            Debouncer.create(
                DebounceConfig.of(Duration.ofMillis(200)).withClock(clock),
                text -> calls.add("d" + text));
        Throttler<String> throttle =
            Throttler.create(
                ThrottleConfig.of(Duration.ofMillis(200)).withClock(clock),
                text -> calls.add("t" + text))) {
      for (int ms = 0; ms <= END_MS; ms += STEP_MS) {
        if (ms > 0) clock.advance(Duration.ofMillis(STEP_MS)); // makes the calls due by now
        String typed = KEYSTROKES.get(ms);
        if (typed != null) {
          debounce.submit(typed);
          throttle.submit(typed);
        }
        debounce.awaitIdle(Context.background());
        throttle.awaitIdle(Context.background());
        String debounced = "";
        String throttled = "";
        for (String call; (call = calls.poll()) != null; ) {
          if (call.startsWith("d")) debounced = quoted(call.substring(1));
          else throttled = quoted(call.substring(1));
        }
        if (typed != null || !debounced.isEmpty() || !throttled.isEmpty()) {
          String line =
              String.format(
                  "  %4d ms  %-10s  %-10s  %s",
                  ms, typed == null ? "" : quoted(typed), debounced, throttled);
          out.println(line.stripTrailing());
        }
      }
    }
  }

  private static String quoted(String text) {
    return "'" + text + "'";
  }
}
