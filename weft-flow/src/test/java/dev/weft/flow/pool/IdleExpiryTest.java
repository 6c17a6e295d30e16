package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Idle workers exit after idleTimeout on the pool's clock; the pool then holds no thread. */
@Timeout(10)
class IdleExpiryTest {

  @Test
  void idleWorkersExpireAfterTheTimeoutAndComeBackOnDemand() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    try (WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(3).withIdleTimeout(Duration.ofSeconds(30)).withClock(clock))) {
      for (int i = 0; i < 3; i++) pool.submit(gate.task(i));
      gate.awaitStarted(3);
      gate.open();
      clock.awaitPending(3); // three idle timers
      assertThat(pool.metrics().workers()).isEqualTo(3);
      clock.advance(Duration.ofSeconds(29));
      assertThat(pool.metrics().workers()).isEqualTo(3);
      clock.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 0);
      assertThat(pool.submit(() -> "again").await()).isEqualTo("again");
      assertThat(pool.metrics().workers()).isEqualTo(1);
    }
  }

  @Test
  void aWorkerThatGetsWorkIsNotExpiredByAnOldTimer() throws Exception {
    FakeClock clock = new FakeClock();
    try (WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(1).withIdleTimeout(Duration.ofSeconds(10)).withClock(clock))) {
      pool.submit(() -> 1).await();
      clock.awaitPending(1);
      clock.advance(Duration.ofSeconds(9));
      pool.submit(() -> 2).await(); // the idle period ends; a new one starts at about t = 9 s
      // The worker marks itself idle shortly after the handle completes: at t = 9 s, or at 18 s if
      // it only gets there after the next advance. Either way the first timer (due at 10 s) must
      // not retire it, and it must be retired one idle timeout after its last task.
      clock.advance(Duration.ofSeconds(9)); // 18 s since the first idle period began
      assertThat(pool.metrics().workers()).isEqualTo(1);
      clock.awaitPending(1); // re-armed for the rest of the idle period (or a new period's timer)
      clock.advance(Duration.ofSeconds(10));
      await().atMost(Duration.ofSeconds(5)).until(() -> pool.metrics().workers() == 0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"close", "stopNow"})
  void aStoppedPoolLeavesNoExpiryTimerScheduled(String how) throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults()
                .withMaxWorkers(3)
                .withIdleTimeout(Duration.ofMinutes(10))
                .withClock(clock));
    for (int i = 0; i < 3; i++) pool.submit(gate.task(i));
    gate.awaitStarted(3);
    gate.open();
    clock.awaitPending(3); // three idle workers, three expiry timers
    if (how.equals("close")) {
      pool.close();
    } else {
      pool.stopNow(); // returns once every worker has exited
    }
    // the timers would otherwise hold the workers for ten minutes after the pool is gone
    assertThat(clock.pending()).isZero();
  }
}
