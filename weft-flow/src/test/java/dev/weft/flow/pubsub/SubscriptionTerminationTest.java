package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting for a subscription (and a broker) to terminate: every form wakes on termination, and
 * interrupt and context cancellation on entry and while waiting end the wait without side effects.
 */
@Timeout(20)
class SubscriptionTerminationTest {

  private final Broker<Integer> broker = new Broker<>();
  private final Recorder slow = Recorder.stalled();

  private Subscription<Integer> stalledSubscription() throws Exception {
    Subscription<Integer> s = broker.subscribe("t", SubscriberOptions.defaults(), slow);
    broker.publish("t", 0);
    slow.awaitEntered();
    s.unsubscribe();
    return s;
  }

  private void finish() {
    slow.release();
    broker.close();
  }

  @Test
  void everyFormWakesWhenTheSubscriptionTerminates() throws Exception {
    Subscription<Integer> s = stalledSubscription();
    Async<Void> plain = Async.run(s::awaitTermination).awaitParked();
    Async<Void> withCtx = Async.run(() -> s.awaitTermination(Context.background())).awaitParked();
    Async<Boolean> timed = Async.call(() -> s.awaitTermination(Duration.ofMinutes(5))).awaitParked();
    Async<Void> brokerWait = Async.run(() -> broker.awaitTermination(Context.background()))
        .awaitParked();
    plain.assertStillBlocked();
    slow.release();
    plain.get();
    withCtx.get();
    assertThat(timed.get()).isTrue();
    brokerWait.get();
    assertThat(s.terminated().isClosedForReceive()).isTrue();
    finish();
  }

  @Test
  void interruptOnEntryAndWhileWaitingThrow() throws Exception {
    Subscription<Integer> s = stalledSubscription();
    Throwable onEntry = Async.run(() -> {
      Thread.currentThread().interrupt();
      s.awaitTermination();
    }).failure();
    assertThat(onEntry).isInstanceOf(InterruptedException.class);
    Async<Void> waiting = Async.run(() -> s.awaitTermination(Duration.ofMinutes(5))).awaitParked();
    waiting.thread().interrupt();
    assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
    finish();
    assertThat(s.awaitTermination(Duration.ZERO)).isTrue();
  }

  @Test
  void aContextDoneOnEntryOrWhileWaitingThrowsCancelled() throws Exception {
    Subscription<Integer> s = stalledSubscription();
    CancelContext done = Context.withCancel(Context.background());
    done.cancel();
    assertThatThrownBy(() -> s.awaitTermination(done)).isInstanceOf(ContextCancelledException.class);
    assertThatThrownBy(() -> broker.awaitTermination(done))
        .isInstanceOf(ContextCancelledException.class);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiting = Async.run(() -> s.awaitTermination(ctx)).awaitParked();
    ctx.cancel();
    assertThat(waiting.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(s.awaitTermination(Duration.ZERO)).isFalse(); // still draining: nothing changed
    finish();
    assertThat(s.awaitTermination(Duration.ZERO)).isTrue();
  }

  @Test
  void nullArgumentsAreRejected() throws Exception {
    Subscription<Integer> s = stalledSubscription();
    assertThatThrownBy(() -> s.awaitTermination((Context) null))
        .hasMessage("Subscription: context is null");
    assertThatThrownBy(() -> s.awaitTermination((Duration) null))
        .hasMessage("Subscription: timeout is null");
    assertThatThrownBy(() -> broker.awaitTermination((Context) null))
        .hasMessage("Broker: context is null");
    assertThatThrownBy(() -> broker.awaitTermination((Duration) null))
        .hasMessage("Broker: timeout is null");
    finish();
  }
}
