package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under concurrent use the bucket never admits more than it holds, and any set of waiters given
 * up at once (interrupted together) leaves exactly the tokens of the others in line.
 */
@Timeout(30)
class TokenBucketConcurrencyTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void concurrentTryAcquireNeverAdmitsMoreThanTheBucketHolds(int bandwidths) throws Exception {
    FakeClock clock = new FakeClock();
    List<Bandwidth> bws = new ArrayList<>();
    bws.add(Bandwidth.perSecond(1_000));
    if (bandwidths == 2) bws.add(Bandwidth.of(2_000, Duration.ofMinutes(1)));
    TokenBucket bucket = TokenBucket.of(clock, bws);
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Async<Void>> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      threads.add(
          tasks.run(
              () -> {
                start.await();
                for (int k = 0; k < 400; k++) {
                  if (bucket.tryAcquire(1)) admitted.incrementAndGet();
                  if (bucket.decide(2).isAdmitted()) admitted.addAndGet(2);
                }
              }));
    }
    start.countDown();
    for (Async<Void> t : threads) t.get();
    long left = bucket.available();
    assertThat(left).as("a request of 2 may leave one token").isBetween(0L, 1L);
    assertThat(admitted.get() + left).isEqualTo(1_000);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void waitersInterruptedTogetherLeaveExactlyTheOthersTokens(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10); // 100 ms per token
    List<Async<Void>> waiters = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      int n = 1 + rnd.nextInt(3);
      sizes.add(n);
      waiters.add(tasks.run(() -> bucket.acquire(n)));
      clock.awaitPending(i + 1);
    }
    List<Async<Void>> interrupted = new ArrayList<>();
    int survivorsTokens = 0;
    for (int i = 0; i < 20; i++) {
      if (rnd.nextBoolean()) interrupted.add(waiters.get(i));
      else survivorsTokens += sizes.get(i);
    }
    for (Async<Void> w : interrupted) w.interrupt();
    for (Async<Void> w : interrupted) {
      assertThat(w.failure()).isInstanceOf(InterruptedException.class);
    }
    assertThat(bucket.available()).isEqualTo(-survivorsTokens);
    if (survivorsTokens > 0) {
      clock.advance(millis(100L * survivorsTokens - 1));
      assertThat(waiters.stream().filter(w -> !interrupted.contains(w) && !w.isDone()).count())
          .as("the last survivor is still waiting")
          .isGreaterThanOrEqualTo(1);
      clock.advance(Duration.ofMillis(1));
    }
    for (Async<Void> w : waiters) w.join();
    for (Async<Void> w : waiters) {
      if (!interrupted.contains(w)) w.get();
    }
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }
}
