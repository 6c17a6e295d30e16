package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Listeners see every change, in order, after it happened; one that throws harms nothing. */
class ListenerTest {

  private final FakeClock clock = new FakeClock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "listened",
          Calls.config(clock, 1).withHalfOpenCalls(1).withOpenWait(Duration.ofSeconds(1)));

  @Test
  void listenersSeeEveryChangeInOrderAfterItHappened() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    breaker.addListener(t -> seen.add("a:" + t.from() + "->" + t.to() + "@" + breaker.state()));
    breaker.addListener(t -> seen.add("b:" + t.to()));
    Calls.fail(breaker);
    clock.advance(Duration.ofSeconds(1));
    Calls.succeed(breaker);
    assertThat(seen)
        .containsExactly(
            "a:CLOSED->OPEN@OPEN",
            "b:OPEN",
            "a:OPEN->HALF_OPEN@HALF_OPEN",
            "b:HALF_OPEN",
            "a:HALF_OPEN->CLOSED@CLOSED",
            "b:CLOSED");
  }

  @Test
  void aTransitionCarriesTheNameAndTheTime() {
    List<StateTransition> seen = new CopyOnWriteArrayList<>();
    breaker.addListener(seen::add);
    clock.advance(Duration.ofMinutes(1));
    breaker.transitionTo(CircuitState.FORCED_OPEN);
    assertThat(seen)
        .containsExactly(
            new StateTransition(
                "listened",
                CircuitState.CLOSED,
                CircuitState.FORCED_OPEN,
                FakeClock.DEFAULT_START.plusSeconds(60)));
  }

  @Test
  void aListenerIsNotCalledUnderTheBreakersLockAndMayUseIt() {
    List<CircuitState> seen = new CopyOnWriteArrayList<>();
    breaker.addListener(
        t -> {
          if (t.to() == CircuitState.OPEN) breaker.transitionTo(CircuitState.DISABLED);
          seen.add(t.to());
        });
    Calls.fail(breaker);
    assertThat(seen).containsExactly(CircuitState.OPEN, CircuitState.DISABLED);
    assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
  }

  @Test
  void aThrowingListenerBreaksNeitherTheBreakerNorTheOtherListeners() throws Exception {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler saved = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((th, x) -> reported.add(x));
    try {
      List<CircuitState> seen = new CopyOnWriteArrayList<>();
      IllegalStateException boom = new IllegalStateException("listener bug");
      breaker.addListener(
          t -> {
            throw boom;
          });
      breaker.addListener(t -> seen.add(t.to()));
      Calls.fail(breaker);
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
      clock.advance(Duration.ofSeconds(1));
      Calls.succeed(breaker);
      assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
      assertThat(seen)
          .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
      assertThat(reported).containsExactly(boom, boom, boom);
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(saved);
    }
  }

  @Test
  void aRemovedListenerIsNoLongerCalled() {
    List<StateTransition> seen = new CopyOnWriteArrayList<>();
    Consumer<StateTransition> l = seen::add;
    breaker.addListener(l);
    assertThat(breaker.removeListener(l)).isTrue();
    assertThat(breaker.removeListener(l)).isFalse();
    breaker.transitionTo(CircuitState.OPEN);
    assertThat(seen).isEmpty();
  }

  @Test
  void noChangeNoCall() {
    List<StateTransition> seen = new CopyOnWriteArrayList<>();
    breaker.addListener(seen::add);
    breaker.transitionTo(CircuitState.CLOSED);
    assertThat(seen).isEmpty();
  }
}
