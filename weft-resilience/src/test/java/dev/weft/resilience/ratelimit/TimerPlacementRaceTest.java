package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.AsyncScope;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A waiter whose due time passes while it places its timer (another thread advanced the clock
 * between the waiter's reading and the timer) does not go to sleep on a timer that no advance will
 * ever fire: each of the four waiting lines looks again and is admitted.
 */
@Timeout(20)
class TimerPlacementRaceTest {

  private static final Duration PATIENCE = Duration.ofSeconds(5);

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /**
   * A fake clock that, once primed, jumps forward inside its next {@code schedule} call, before
   * the timer is queued: the interleaving in which a test thread advances the clock just as a
   * waiter places its timer.
   */
  static final class JumpingClock implements Clock {
    final FakeClock fake = new FakeClock();
    private final AtomicReference<Duration> jump = new AtomicReference<>();
    volatile int schedules;

    void jumpOnNextSchedule(Duration d) {
      jump.set(d);
    }

    @Override
    public long nanoTime() {
      return fake.nanoTime();
    }

    @Override
    public Instant now() {
      return fake.now();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      schedules++;
      Duration d = jump.getAndSet(null);
      if (d != null) fake.advance(d);
      return fake.schedule(delay, action);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      fake.sleep(duration);
    }
  }

  private final JumpingClock clock = new JumpingClock();

  /** Primes the jump, runs {@code acquire} on another thread and expects it to return. */
  private void admittedDespiteTheJump(ThrowingAcquire acquire) {
    clock.jumpOnNextSchedule(Duration.ofSeconds(10));
    tasks.run(acquire::run).join(PATIENCE).get();
    assertThat(clock.schedules).as("the waiter placed a timer, so the jump happened").isPositive();
    assertThat(clock.fake.pending()).as("no timer is left behind").isZero();
  }

  @FunctionalInterface
  interface ThrowingAcquire {
    void run() throws Exception;
  }

  @Test
  void tokenBucketWaitLine() {
    TokenBucket bucket = TokenBucket.of(clock, java.util.List.of(Bandwidth.perSecond(10)));
    assertThat(bucket.tryAcquire(10)).isTrue();
    admittedDespiteTheJump(() -> bucket.acquire(1));
  }

  @Test
  void gcraSharesTheWaitLine() {
    Gcra gcra = Gcra.of(clock, 10, Duration.ofSeconds(1), 0);
    assertThat(gcra.tryAcquire()).isTrue();
    admittedDespiteTheJump(() -> gcra.acquire(1, Context.background()));
  }

  @Test
  void fixedWindowAdmissionLine() {
    FixedWindow window = FixedWindow.of(clock, 1, Duration.ofMillis(100));
    assertThat(window.tryAcquire()).isTrue();
    admittedDespiteTheJump(() -> window.acquire(1));
  }

  @Test
  void leakyBucketQueuePacedLine() {
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 5);
    assertThat(queue.tryAcquire()).isTrue();
    admittedDespiteTheJump(() -> queue.acquire(1));
  }

  @Test
  void keyedLine() {
    KeyedRateLimiter<String> keyed =
        KeyedRateLimiter.of(clock, Bandwidth.perSecond(10), KeyedRateLimiter.Config.defaults());
    assertThat(keyed.tryAcquire("a", 10)).isTrue();
    admittedDespiteTheJump(() -> keyed.acquire("a", 1));
  }
}
