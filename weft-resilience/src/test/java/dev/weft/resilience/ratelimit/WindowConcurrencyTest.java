package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under concurrent {@code tryAcquire}, {@code decide} and reserve-then-cancel calls while the
 * clock moves, the permits admitted, counted independently of the limiter at the clock reading
 * each decision used, never exceed the limit in an aligned window (and, for {@link SlidingLog},
 * in any interval of a window's length; for {@link SlidingWindowCounter}, stay below twice it);
 * and waiters interrupted together leave exactly the others in line.
 */
@Timeout(60)
class WindowConcurrencyTest {

  private static final long LIMIT = 50;
  private static final long WINDOW = 10_000_000L;

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Windows kind : Windows.values()) {
      for (long seed = 1; seed <= 3; seed++) b.add(Arguments.of(kind, seed));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("cases")
  void admissionsNeverExceedTheLimit(Windows kind, long seed) throws Exception {
    FakeClock fake = new FakeClock();
    RecordingClock clock = new RecordingClock(fake);
    RateLimiter limiter = kind.make(clock, LIMIT, Duration.ofNanos(WINDOW));
    ConcurrentLinkedQueue<long[]> admitted = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger uncounted = new AtomicInteger();
    List<Async<Void>> workers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      SplittableRandom random = new SplittableRandom(seed * 100 + w);
      workers.add(
          tasks.run(
              () -> {
                start.await();
                for (int i = 0; i < 3_000; i++) {
                  int n = 1 + random.nextInt(3);
                  switch (random.nextInt(3)) {
                    case 0 -> {
                      if (limiter.tryAcquire(n)) admitted.add(new long[] {clock.last(), n});
                    }
                    case 1 -> {
                      if (limiter.decide(n).isAdmitted()) {
                        admitted.add(new long[] {clock.last(), n});
                      }
                    }
                    default -> {
                      // Used at once: admitted at the reading its decision took. In line and
                      // then cancelled: admits nothing. In line and due before the cancel: its
                      // time may have moved since (an earlier one cancelled), so it is not counted.
                      Reservation r = limiter.reserve(n);
                      long at = clock.last();
                      if (r == AdmissionLine.USED) {
                        admitted.add(new long[] {at, n});
                      } else if (!r.cancel()) {
                        uncounted.incrementAndGet();
                      }
                    }
                  }
                }
              }));
    }
    Async<Void> driver =
        tasks.run(
            () -> {
              SplittableRandom random = new SplittableRandom(seed);
              start.await();
              while (!workers.stream().allMatch(Async::isDone)) {
                fake.advance(Duration.ofNanos(random.nextLong(WINDOW / 20)));
                Thread.yield();
              }
            });
    start.countDown();
    for (Async<Void> w : workers) w.get();
    driver.get();

    List<long[]> sorted = new ArrayList<>(admitted);
    sorted.sort(Comparator.comparingLong(a -> a[0]));
    TreeMap<Long, Long> perWindow = new TreeMap<>();
    for (long[] a : sorted) perWindow.merge(a[0] / WINDOW, a[1], Long::sum);
    assertThat(perWindow.values()).allMatch(v -> v <= LIMIT);
    assertThat(perWindow.values().stream().mapToLong(Long::longValue).max().orElse(0))
        .as("the limit is reached under contention")
        .isEqualTo(LIMIT);
    long sliding = WindowModels.maxInAnyWindow(sorted, WINDOW);
    if (kind == Windows.LOG) assertThat(sliding).isLessThanOrEqualTo(LIMIT);
    if (kind == Windows.COUNTER) assertThat(sliding).isLessThan(2 * LIMIT);
    assertThat(uncounted.get()).as("reservations whose time is unknown").isLessThan(1_000);
  }

  /**
   * Waiters interrupted together, at one instant, leave exactly the others in line: they are
   * served when a twin holding only them serves them, and the limiters answer alike afterwards.
   */
  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("cases")
  void waitersInterruptedTogetherLeaveExactlyTheOthers(Windows kind, long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    List<Async<Void>> kept = new ArrayList<>();
    List<Async<Void>> interrupted = new ArrayList<>();
    Duration last = Duration.ZERO;
    for (int i = 0; i < 12; i++) {
      int n = 1 + random.nextInt(10);
      Async<Void> waiter = tasks.run(() -> limiter.acquire(n));
      clock.awaitPending(i + 1);
      if (random.nextInt(3) == 0) {
        interrupted.add(waiter);
      } else {
        kept.add(waiter);
        last = twin.reserve(n).delay();
      }
    }
    for (Async<Void> w : interrupted) w.interrupt();
    for (Async<Void> w : interrupted) {
      assertThat(w.failure()).isInstanceOf(InterruptedException.class);
    }
    assertThat(Windows.queued(limiter)).isEqualTo(kept.size());
    if (!kept.isEmpty()) {
      clock.advance(last.minusNanos(1));
      kept.getLast().assertStillBlocked();
      clock.advance(Duration.ofNanos(1));
      for (Async<Void> w : kept) w.get();
    }
    assertThat(clock.pending()).isZero();
    WindowInterruptionTest.assertSameAnswers(limiter, twin, clock, seed);
  }

  /** A clock that remembers, per thread, the last {@code nanoTime()} it returned. */
  static final class RecordingClock implements Clock {
    private final FakeClock fake;
    private final ThreadLocal<long[]> last = ThreadLocal.withInitial(() -> new long[1]);

    RecordingClock(FakeClock fake) {
      this.fake = fake;
    }

    long last() {
      return last.get()[0];
    }

    @Override
    public long nanoTime() {
      long t = fake.nanoTime();
      last.get()[0] = t;
      return t;
    }

    @Override
    public Instant now() {
      return fake.now();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      return fake.schedule(delay, action);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      fake.sleep(duration);
    }
  }
}
