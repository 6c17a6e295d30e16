package dev.weft.examples;

import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.Gcra;
import dev.weft.resilience.ratelimit.RateLimiter;
import dev.weft.resilience.ratelimit.TokenBucket;
import dev.weft.time.FakeClock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * Rate limiting without a ticker: a {@link TokenBucket} and a {@link Gcra} decide the same burst
 * of requests, side by side.
 *
 * <p>Both allow 5 requests per second with a burst of 3. The bucket holds up to 3 tokens and gains
 * one every 200 ms; GCRA spaces requests 200 ms apart and lets them run up to 2 intervals ahead.
 * Neither waits here: {@link RateLimiter#decide(int)} answers at once, either admitted or limited
 * with the {@code retryAfter} a server would put in its {@code Retry-After} header.
 *
 * <p>Time is a {@link FakeClock}: the example moves it forward by hand, so the timeline is exact
 * and the run takes no time at all. In production leave the clock out ({@link
 * TokenBucket#of(Bandwidth, Bandwidth...)} and {@link Gcra#of(long, Duration, long)} use the system
 * clock).
 *
 * <p>What to look for: the first 3 requests of the burst go through, the next ones are limited
 * with a retryAfter counting down to the next token; later requests 100 ms apart are admitted one
 * in two, every 200 ms; after a quiet second the burst is available again. The last line shows
 * the one difference: the bucket's tokens arrive on a fixed schedule (every 200 ms since it was
 * created, so the next one at 1,800 ms), while GCRA restarts its schedule at the burst (1,650 ms +
 * 200 ms).
 */
final class RateLimitExample implements Example {

  /** When each request arrives, in ms since the start. */
  private static final List<Integer> ARRIVALS =
      List.of(0, 0, 0, 0, 0, 100, 200, 300, 400, 500, 600, 1650, 1650, 1650, 1650);

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public String description() {
    return "a token bucket and GCRA admit or limit the same burst of requests, on a fake clock";
  }

  @Override
  public String goIdiom() {
    return "Go's `golang.org/x/time/rate` (`rate.NewLimiter(5, 3)`, `Allow`/`Reserve`) and redis-cell's GCRA";
  }

  @Override
  public void run(PrintStream out) {
    FakeClock clock = new FakeClock();
    RateLimiter bucket =
        TokenBucket.of(clock, List.of(Bandwidth.perSecond(5).withCapacity(3).withInitialTokens(3)));
    RateLimiter gcra = Gcra.of(clock, 5, Duration.ofSeconds(1), 2);
    out.println("5 requests per second, bursts of 3; fake clock");
    out.println(String.format("  %7s  %-26s  %s", "time", "token bucket", "gcra"));
    long now = 0;
    for (int i = 0; i < ARRIVALS.size(); i++) {
      int at = ARRIVALS.get(i);
      clock.advance(Duration.ofMillis(at - now));
      now = at;
      out.println(
          String.format(
              "  %4d ms  %-26s  %s", at, describe(bucket.decide(1)), describe(gcra.decide(1))));
    }
  }

  private static String describe(Decision d) {
    if (d instanceof Decision.Limited l) return "limited, retry in " + l.retryAfter().toMillis() + " ms";
    return "admitted";
  }
}
