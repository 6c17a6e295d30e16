package dev.weft.context;

import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * afterFunc runs its function once, in its own weft virtual thread, when the context is done, and
 * stop() returns true exactly when it prevented that call.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AfterFuncTest {

  private static final Duration QUIET = Duration.ofMillis(100);

  @Test
  void runsOnceInItsOwnWeftThreadWhenDone() throws InterruptedException {
    CancelContext parent = Context.withCancel(Context.background());
    CancelContext ctx = Context.withCancel(parent);
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    Context.afterFunc(
        ctx,
        () -> {
          calls.incrementAndGet();
          ranOn.set(Thread.currentThread());
          ran.countDown();
        });
    assertThat(calls).hasValue(0);

    ctx.cancel();
    ctx.cancel();
    parent.cancel();

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    Thread t = ranOn.get();
    assertThat(t.getName()).startsWith("weft-afterfunc");
    assertThat(t.isVirtual()).isTrue();
    assertThat(t).isNotSameAs(Thread.currentThread());
    await().during(QUIET).atMost(QUIET.multipliedBy(20)).until(() -> calls.get() == 1);
  }

  @Test
  void runsAtOnceInAThreadWhenAlreadyDone() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);

    AfterFunc af =
        Context.afterFunc(
            ctx,
            () -> {
              ranOn.set(Thread.currentThread());
              ran.countDown();
            });

    assertThat(af.stop()).as("already started").isFalse();
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn.get().getName()).startsWith("weft-afterfunc");
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void runsWhenTheDeadlinePasses() throws InterruptedException {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    CountDownLatch ran = new CountDownLatch(1);
    Context.afterFunc(Context.withValue(ctx, ContextKey.of("k"), 1), ran::countDown);

    clock.advance(Duration.ofSeconds(1));

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void stopBeforeDonePreventsTheCall() {
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger calls = new AtomicInteger();
    AfterFunc af = Context.afterFunc(ctx, calls::incrementAndGet);

    assertThat(af.stop()).isTrue();
    assertThat(((CancelNode) ctx).listenerCount()).as("stop deregisters").isZero();
    ctx.cancel();

    await().during(QUIET).atMost(QUIET.multipliedBy(20)).until(() -> calls.get() == 0);
    assertThat(af.stop()).as("second stop").isFalse();
  }

  @Test
  void stopIsFalseTheSecondTime() {
    AfterFunc af = Context.afterFunc(Context.withCancel(Context.background()), () -> {});
    assertThat(af.stop()).isTrue();
    assertThat(af.stop()).isFalse();
  }

  @Test
  void stopIsFalseAfterTheFunctionStarted() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    AfterFunc af =
        Context.afterFunc(
            ctx,
            () -> {
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              finished.countDown();
            });

    ctx.cancel();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(af.stop()).isFalse();
    release.countDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(af.stop()).isFalse();
  }

  @Test
  void neverRunsForAContextThatCannotBeDone() {
    AtomicInteger calls = new AtomicInteger();
    AfterFunc onBackground = Context.afterFunc(Context.background(), calls::incrementAndGet);
    CancelContext parent = Context.withCancel(Context.background());
    AfterFunc onDetached = Context.afterFunc(Context.withoutCancel(parent), calls::incrementAndGet);
    parent.cancel();

    await().during(QUIET).atMost(QUIET.multipliedBy(20)).until(() -> calls.get() == 0);
    assertThat(onBackground.stop()).isTrue();
    assertThat(onDetached.stop()).isTrue();
  }

  @Test
  void stopRacingWithCancelEitherStopsOrRuns() throws Exception {
    int rounds = 2_000;
    AtomicIntegerArray ran = new AtomicIntegerArray(rounds);
    boolean[] stopped = new boolean[rounds];
    CyclicBarrier start = new CyclicBarrier(2);
    int expectedRuns = 0;
    for (int i = 0; i < rounds; i++) {
      CancelContext ctx = Context.withCancel(Context.background());
      int round = i;
      AfterFunc af = Context.afterFunc(ctx, () -> ran.incrementAndGet(round));
      Thread canceller =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    ctx.cancel();
                  });
      start.await();
      stopped[i] = af.stop();
      canceller.join();
      if (!stopped[i]) expectedRuns++;
    }

    int expected = expectedRuns;
    await().atMost(Duration.ofSeconds(30)).until(() -> sum(ran) == expected);
    await().during(QUIET).atMost(QUIET.multipliedBy(20)).until(() -> sum(ran) == expected);
    for (int i = 0; i < rounds; i++) {
      assertThat(ran.get(i)).as("round %d, stop() returned %s", i, stopped[i]).isEqualTo(stopped[i] ? 0 : 1);
    }
  }

  private static int sum(AtomicIntegerArray a) {
    int s = 0;
    for (int i = 0; i < a.length(); i++) s += a.get(i);
    return s;
  }
}
