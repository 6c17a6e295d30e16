package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock for Lincheck tests of non-blocking operations: it reads a number that only {@link
 * #advance} moves, and refuses to schedule or sleep (the operations under test never do).
 */
final class SteppedClock implements Clock {

  private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");

  private final AtomicLong nanos = new AtomicLong();

  /** Moves time forward by {@code d} ns. */
  void advance(long d) {
    nanos.addAndGet(d);
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanos.get());
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable action) {
    throw new UnsupportedOperationException("SteppedClock: schedule");
  }

  @Override
  public void sleep(Duration duration) {
    throw new UnsupportedOperationException("SteppedClock: sleep");
  }
}
