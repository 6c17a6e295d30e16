package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.fail;
import static dev.weft.resilience.breaker.Calls.rejected;
import static dev.weft.resilience.breaker.Calls.succeed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each automatic transition happens exactly when its rule says, and not before. */
class TransitionTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "svc",
          Calls.config(clock, 4)
              .withFailureRateThreshold(50)
              .withOpenWait(Duration.ofSeconds(30))
              .withHalfOpenCalls(2));

  private void trip() throws Exception {
    succeed(breaker);
    succeed(breaker);
    fail(breaker);
    fail(breaker); // 4 calls, 50 % failed
  }

  @Test
  void aNewBreakerIsClosed() {
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.name()).isEqualTo("svc");
    assertThat(breaker).hasToString("CircuitBreaker[svc, CLOSED]");
  }

  @Test
  void closedTripsToOpenWhenTheFailureRateReachesTheThreshold() throws Exception {
    succeed(breaker);
    succeed(breaker);
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void closedStaysClosedBelowTheThreshold() throws Exception {
    succeed(breaker);
    succeed(breaker);
    succeed(breaker);
    fail(breaker);
    succeed(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void openRejectsNamingTheBreakerAndTheRemainingWait() throws Exception {
    trip();
    clock.advance(Duration.ofSeconds(10));
    CallNotPermittedException e = rejected(breaker);
    assertThat(e.breaker()).isEqualTo("svc");
    assertThat(e.state()).isEqualTo(CircuitState.OPEN);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(e).hasMessage(
        "CircuitBreaker 'svc' is OPEN: call not permitted, may permit again in PT20S");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void openMovesToHalfOpenOnTheFirstCallAfterTheWait() throws Exception {
    trip();
    clock.advance(Duration.ofSeconds(30).minusNanos(1));
    rejected(breaker);
    clock.advance(Duration.ofNanos(1));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN); // lazy: no timer
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    breaker.release();
  }

  @Test
  void halfOpenClosesWhenEveryTrialEndsBelowTheThreshold() throws Exception {
    trip();
    clock.advance(Duration.ofSeconds(30));
    succeed(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    succeed(breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().calls()).isZero(); // a fresh window
  }

  @Test
  void halfOpenReopensWhenTheTrialsReachTheThreshold() throws Exception {
    trip();
    clock.advance(Duration.ofSeconds(30));
    succeed(breaker);
    fail(breaker); // 1 of 2 trials failed: 50 %
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void halfOpenRejectsCallsBeyondTheTrialsWithoutAKnownWait() throws Exception {
    trip();
    clock.advance(Duration.ofSeconds(30));
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    CallNotPermittedException e = rejected(breaker);
    assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e).hasMessage("CircuitBreaker 'svc' is HALF_OPEN: call not permitted");
    breaker.onSuccess(0);
    breaker.onSuccess(0);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void transitionToSetsAnyStateAfresh() throws Exception {
    breaker.transitionTo(CircuitState.OPEN);
    assertThat(rejected(breaker).retryAfter()).contains(Duration.ofSeconds(30));
    breaker.transitionTo(CircuitState.HALF_OPEN);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    breaker.transitionTo(CircuitState.CLOSED);
    fail(breaker);
    breaker.transitionTo(CircuitState.CLOSED); // same state: the window starts empty again
    assertThat(breaker.metrics().calls()).isZero();
  }

  @Test
  void aCallAdmittedBeforeATransitionDoesNotCountAfterIt() {
    assertThatThrownBy(
            () ->
                breaker.call(
                    Calls.CTX,
                    c -> {
                      breaker.transitionTo(CircuitState.HALF_OPEN);
                      throw new IOException("late failure");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(breaker.metrics().calls()).isZero();
    assertThat(breaker.tryAcquirePermission()).isTrue();
    assertThat(breaker.tryAcquirePermission()).isTrue(); // both trials still free
    assertThat(breaker.tryAcquirePermission()).isFalse();
  }
}
