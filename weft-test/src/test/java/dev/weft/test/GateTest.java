package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Gate holds its callers until it opens, and counts them. */
@Timeout(10)
class GateTest {

  @Test
  void callersWaitUntilTheGateOpensAndAreCounted() throws Exception {
    Gate gate = new Gate();
    assertThat(gate.isOpen()).isFalse();
    List<Async<String>> calls = List.of(Async.call(gate.task("a")), Async.call(gate.task("b")));
    gate.awaitStarted(2);
    assertThat(gate.started()).isEqualTo(2);
    assertThat(gate.running()).isEqualTo(2);
    assertThat(gate.maxRunning()).isEqualTo(2);
    assertThat(gate.finished()).isZero();
    for (Async<String> c : calls) c.awaitWaiting().assertStillBlocked();
    gate.open();
    assertThat(calls.get(0).get()).isEqualTo("a");
    assertThat(calls.get(1).get()).isEqualTo("b");
    assertThat(gate.isOpen()).isTrue();
    assertThat(gate.running()).isZero();
    assertThat(gate.finished()).isEqualTo(2);
    gate.pass(); // open: goes straight through
    assertThat(gate.started()).isEqualTo(3);
  }

  @Test
  void anInterruptEndsAPassAndCountsAsLeaving() throws Exception {
    Gate gate = new Gate();
    Async<Void> a = Async.run(gate::pass);
    gate.awaitStarted(1);
    a.awaitWaiting().interrupt();
    assertThat(a.failure()).isInstanceOf(InterruptedException.class);
    assertThat(gate.running()).isZero();
    assertThat(gate.finished()).isEqualTo(1);
  }

  @Test
  void aStubbornTaskIgnoresInterruptsAndSetsTheStatusAgain() throws Exception {
    Gate gate = new Gate();
    Callable<Integer> task = gate.stubbornTask(7);
    Async<Integer> a = Async.call(task);
    gate.awaitStarted(1);
    a.awaitWaiting().interrupt();
    a.assertStillBlocked();
    gate.open();
    assertThat(a.get()).isEqualTo(7);
    assertThat(a.interruptedAtEnd()).isTrue();
  }

  @Test
  void passWithACheckEndsWhenTheCheckThrows() throws Exception {
    Gate gate = new Gate();
    Gate stop = new Gate();
    Async<Void> a =
        Async.run(
            () ->
                gate.pass(
                    () -> {
                      if (stop.isOpen()) throw new TimeoutException("gave up");
                    }));
    gate.awaitStarted(1);
    stop.open();
    assertThat(a.failure()).isInstanceOf(TimeoutException.class).hasMessage("gave up");
    assertThat(gate.finished()).isEqualTo(1);
  }
}
