package dev.weft.resilience.ratelimit;

import static dev.weft.resilience.ratelimit.Buckets.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reservation takes its place in line at once; cancelling it before its time gives its tokens
 * back and moves everyone behind it forward, so that nobody is charged for it.
 */
@Timeout(20)
class ReservationTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void aReservationWithTokensAvailableIsUsedAtOnce() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    clock.advance(millis(500));
    Reservation r = bucket.reserve(3);
    assertThat(r.delay()).isEqualTo(Duration.ZERO);
    assertThat(r.cancel()).isFalse();
    assertThat(bucket.available()).isEqualTo(2);
  }

  @Test
  void theDelayShrinksAsTimePasses() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Reservation r = bucket.reserve(4);
    assertThat(r.delay()).isEqualTo(millis(400));
    clock.advance(millis(150));
    assertThat(r.delay()).isEqualTo(millis(250));
    clock.advance(millis(250));
    assertThat(r.delay()).isEqualTo(Duration.ZERO);
    assertThat(r.cancel()).as("its time has come").isFalse();
    assertThat(bucket.available()).isZero();
    assertThat(bucket.queued()).isZero();
  }

  @Test
  void cancellingGivesTheTokensBackAndMovesLaterReservationsForward() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Reservation first = bucket.reserve(3);
    Reservation second = bucket.reserve(2);
    assertThat(second.delay()).isEqualTo(millis(500));
    assertThat(first.cancel()).isTrue();
    assertThat(first.cancel()).as("only once").isFalse();
    assertThat(first.delay()).isEqualTo(Duration.ZERO);
    assertThat(second.delay()).as("not charged for the cancelled one").isEqualTo(millis(200));
    assertThat(bucket.available()).isEqualTo(-2);
    assertThat(bucket.queued()).isEqualTo(1);
  }

  @Test
  void cancellingAReservationWakesTheWaitersBehindIt() throws Exception {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    Reservation r = bucket.reserve(8);
    Async<Void> waiter = tasks.run(() -> bucket.acquire(2));
    clock.awaitPending(1); // due at 1 s
    r.cancel(); // now due at 200 ms
    clock.advance(millis(199));
    waiter.assertStillBlocked();
    clock.advance(millis(1));
    waiter.join();
    waiter.get();
  }

  @Test
  void cancellingTheLastReservationRestoresTheBucketExactly() {
    FakeClock clock = new FakeClock();
    TokenBucket bucket = Buckets.empty(clock, 10);
    clock.advance(millis(700));
    Reservation r = bucket.reserve(10);
    clock.advance(millis(100));
    assertThat(r.cancel()).isTrue();
    assertThat(bucket.available()).isEqualTo(8);
  }
}
