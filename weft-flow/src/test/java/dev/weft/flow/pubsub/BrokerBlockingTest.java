package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ReceiveResult;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A publish blocked on a full BLOCK subscriber: interrupt and context cancellation, on entry and
 * while waiting, end it with the subscribers already served keeping the message and the blocking
 * one unchanged; unsubscribe and close release it without counting that subscriber.
 */
@Timeout(20)
class BrokerBlockingTest {

  private final Broker<Integer> broker = new Broker<>();
  private final Recorder slow = Recorder.stalled();
  private final Recorder other = Recorder.fast();
  private Subscription<Integer> blocking;

  /** A BLOCK subscriber with a full buffer of 1 (handler stalled in 0, 1 buffered). */
  private void fullBlockingSubscriber() throws Exception {
    blocking = broker.subscribe("t", new SubscriberOptions(1, OverflowPolicy.BLOCK), slow);
    broker.subscribe("t", new SubscriberOptions(100, OverflowPolicy.DROP_NEWEST), other);
    broker.publish("t", 0);
    slow.awaitEntered();
    broker.publish("t", 1);
    assertThat(blocking.buffered()).isEqualTo(1);
  }

  private void finish() {
    slow.release();
    broker.close();
  }

  @Test
  void interruptOnEntryThrowsAndNobodyGetsTheMessage() throws Exception {
    fullBlockingSubscriber();
    Throwable thrown = Async.run(() -> {
      Thread.currentThread().interrupt();
      broker.publish("t", 2);
    }).failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    finish();
    assertThat(other.seen()).containsExactly(0, 1);
    assertThat(slow.seen()).containsExactly(0, 1);
  }

  @Test
  void interruptWhileWaitingThrowsTheNonBlockingSubscribersKeepItTheBlockingOneDoesNot()
      throws Exception {
    fullBlockingSubscriber();
    Async<Integer> publisher = Async.call(() -> broker.publish("t", 2)).awaitParked();
    publisher.thread().interrupt();
    assertThat(publisher.failure()).isInstanceOf(InterruptedException.class);
    assertThat(blocking.buffered()).isEqualTo(1);
    finish();
    assertThat(other.seen()).containsExactly(0, 1, 2);
    assertThat(slow.seen()).containsExactly(0, 1);
  }

  @Test
  void aContextDoneOnEntryThrowsAndNobodyGetsTheMessage() throws Exception {
    fullBlockingSubscriber();
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Throwable thrown = Async.run(() -> broker.publish("t", 2, ctx)).failure();
    assertThat(thrown).isInstanceOf(ContextCancelledException.class);
    finish();
    assertThat(other.seen()).containsExactly(0, 1);
  }

  @Test
  void aContextDoneWhileWaitingThrowsAndTheBlockingSubscriberIsUnchanged() throws Exception {
    fullBlockingSubscriber();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Integer> publisher = Async.call(() -> broker.publish("t", 2, ctx)).awaitParked();
    ctx.cancel();
    assertThat(publisher.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(blocking.buffered()).isEqualTo(1);
    finish();
    assertThat(other.seen()).containsExactly(0, 1, 2);
    assertThat(slow.seen()).containsExactly(0, 1);
  }

  @Test
  void unsubscribeReleasesABlockedPublisherWhichDoesNotCountIt() throws Exception {
    fullBlockingSubscriber();
    Async<Integer> publisher = Async.call(() -> broker.publish("t", 2)).awaitParked();
    blocking.unsubscribe();
    assertThat(publisher.get()).isEqualTo(1); // only the dropping subscriber
    finish();
    assertThat(slow.seen()).containsExactly(0, 1);
    assertThat(blocking.state()).isEqualTo(Subscription.State.UNSUBSCRIBED);
  }

  @Test
  void closeReleasesBlockedPublishersAndWaitsForStalledSubscribersToDrain() throws Exception {
    fullBlockingSubscriber();
    Async<Integer> p1 = Async.call(() -> broker.publish("t", 2)).awaitParked();
    Async<Integer> p2 = Async.call(() -> broker.publish("t", 3)).awaitParked();
    Async<Void> closer = Async.run(broker::close);
    assertThat(p1.get()).isEqualTo(1);
    assertThat(p2.get()).isEqualTo(1);
    closer.assertStillBlocked(); // the slow handler is still in message 0
    slow.release();
    closer.get();
    assertThat(slow.seen()).containsExactly(0, 1);
    assertThat(blocking.state()).isEqualTo(Subscription.State.CLOSED);
    assertThat(blocking.delivered()).isEqualTo(2);
  }

  @Test
  void closeAndUnsubscribeWakePullConsumersWaitingForMessages() throws Exception {
    Subscription<Integer> a = broker.subscribe("pull", SubscriberOptions.defaults());
    Subscription<Integer> b = broker.subscribe("pull", SubscriberOptions.defaults());
    Async<ReceiveResult<Integer>> ra = Async.call(() -> a.messages().receiveResult()).awaitParked();
    Async<ReceiveResult<Integer>> rb = Async.call(() -> b.messages().receiveResult()).awaitParked();
    a.unsubscribe();
    assertThat(ra.get()).isEqualTo(new ReceiveResult.Closed<Integer>());
    broker.close();
    assertThat(rb.get()).isEqualTo(new ReceiveResult.Closed<Integer>());
    assertThat(b.state()).isEqualTo(Subscription.State.CLOSED);
  }
}
