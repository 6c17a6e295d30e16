package dev.weft.examples;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.FixedWindow;
import dev.weft.resilience.ratelimit.Gcra;
import dev.weft.resilience.ratelimit.LeakyBucketQueue;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.resilience.ratelimit.SlidingLog;
import dev.weft.resilience.ratelimit.TokenBucket;
import dev.weft.time.FakeClock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Rate limiting without a ticker: five algorithms decide the same burst of requests, side by side,
 * as a timeline.
 *
 * <p>Every limiter allows 5 requests per second, and each reads that differently:
 *
 * <ul>
 *   <li>the {@link TokenBucket} holds up to 3 tokens and gains one every 200 ms: a burst of 3, then
 *       one every 200 ms;
 *   <li>{@link Gcra} spaces requests 200 ms apart and lets them run up to 2 intervals ahead: the
 *       same burst, but its schedule restarts at each burst;
 *   <li>the {@link LeakyBucketQueue}, used as a meter here (nothing queued: {@code decide} never
 *       waits), lets one request through every 200 ms and never a burst;
 *   <li>the {@link FixedWindow} counts 5 per second from zero each second: all 5 at once;
 *   <li>the {@link SlidingLog} allows 5 in any one second, exactly: all 5 at once too, but the next
 *       ones only when the first have left the last second.
 * </ul>
 *
 * <p>Nobody waits here: {@link RateLimiter#decide(int)} answers at once, either admitted ("ok") or
 * limited with the {@code retryAfter} ("wait N ms") a server would put in its {@code Retry-After}
 * header.
 *
 * <p>Time is a {@link FakeClock}: the example moves it forward by hand, so the timeline is exact
 * and the run takes no time at all. In production leave the clock out: every factory has a form
 * on the system clock.
 *
 * <p>What to look for: the bucket and GCRA let 3 of the burst through, the leaky bucket 1, the
 * windows 5; then the bucket, GCRA and leaky bucket settle at one in two of the requests 100 ms
 * apart, while the windows admit nothing more until the next second (fixed) or until the burst has
 * slid out of the last second (log). At 1,650 ms GCRA's schedule restarts at the burst (retry in
 * 200 ms) where the bucket's tokens keep their fixed schedule (150 ms). At 2,000 ms the fixed
 * window opens a new window and admits 4 more, 8 within 350 ms, while the sliding log admits one:
 * 5 in the last second.
 */
final class RateLimitExample implements Example {

  /** When each request arrives, in ms since the start. */
  private static final List<Integer> ARRIVALS =
      List.of(
          0, 0, 0, 0, 0, 100, 200, 300, 400, 500, 600, 1650, 1650, 1650, 1650, 2000, 2000, 2000,
          2000);

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public String description() {
    return "token bucket, GCRA, leaky bucket, fixed window and sliding log on the same burst, on a fake clock";
  }

  @Override
  public String goIdiom() {
    return "Go's `golang.org/x/time/rate` (`rate.NewLimiter(5, 3)`, `Allow`/`Reserve`), redis-cell's GCRA and window counters";
  }

  @Override
  public void run(PrintStream out) {
    FakeClock clock = new FakeClock();
    Duration second = Duration.ofSeconds(1);
    List<RateLimiter> limiters =
        List.of(
            TokenBucket.of(clock, List.of(Bandwidth.perSecond(5).withCapacity(3).withInitialTokens(3))),
            Gcra.of(clock, 5, second, 2),
            LeakyBucketQueue.of(clock, 5, second, 0),
            FixedWindow.of(clock, 5, second),
            SlidingLog.of(clock, 5, second));
    out.println("5 requests per second; fake clock");
    out.println(
        String.format(
            "  %7s  %-12s %-12s %-12s %-12s %s",
            "time", "bucket", "gcra", "leaky", "fixed", "sliding log"));
    long now = 0;
    for (int at : ARRIVALS) {
      clock.advance(Duration.ofMillis(at - now));
      now = at;
      StringBuilder line = new StringBuilder(String.format("  %4d ms ", at));
      for (RateLimiter l : limiters) line.append(String.format(" %-12s", describe(l.decide(1))));
      out.println(line.toString().stripTrailing());
    }
  }

  private static String describe(Decision d) {
    if (d instanceof Decision.Limited l) return "wait " + l.retryAfter().toMillis();
    return "ok";
  }
}
