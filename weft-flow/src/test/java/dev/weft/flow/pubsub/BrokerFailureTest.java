package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A handler that throws fails its own subscription only: state FAILED with the exception, the
 * failure listener is told, its buffered messages are discarded and counted, others carry on.
 */
@Timeout(20)
class BrokerFailureTest {

  @Test
  void aThrowingHandlerFailsOnlyItsSubscription() throws Exception {
    List<Throwable> reported = new CopyOnWriteArrayList<>();
    List<Subscription<Integer>> reportedSubs = new CopyOnWriteArrayList<>();
    Broker<Integer> broker = new Broker<>((s, t) -> {
      reportedSubs.add(s);
      reported.add(t);
    });
    IllegalStateException boom = new IllegalStateException("boom");
    CountDownLatch gate = new CountDownLatch(1);
    Subscription<Integer> failing = broker.subscribe("t", SubscriberOptions.defaults(), m -> {
      gate.await();
      if (m == 1) throw boom;
    });
    Recorder healthy = Recorder.fast();
    broker.subscribe("t", SubscriberOptions.defaults(), healthy);
    for (int i = 0; i < 5; i++) broker.publish("t", i); // 0 in the handler, 1..4 buffered
    gate.countDown();
    failing.awaitTermination();

    assertThat(failing.state()).isEqualTo(Subscription.State.FAILED);
    assertThat(failing.failure()).containsSame(boom);
    assertThat(reported).containsExactly(boom);
    assertThat(reportedSubs).containsExactly(failing);
    assertThat(failing.delivered()).isEqualTo(1);
    assertThat(failing.discarded()).isEqualTo(3);
    assertThat(broker.publish("t", 5)).isEqualTo(1);
    broker.close();
    assertThat(healthy.seen()).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aListenerThatThrowsIsSuppressedIntoTheFailure() throws Exception {
    RuntimeException listenerFailure = new RuntimeException("listener");
    Broker<Integer> broker = new Broker<>((s, t) -> {
      throw listenerFailure;
    });
    IllegalStateException boom = new IllegalStateException("boom");
    Subscription<Integer> s = broker.subscribe("t", SubscriberOptions.defaults(), m -> {
      throw boom;
    });
    broker.publish("t", 1);
    s.awaitTermination();
    assertThat(boom.getSuppressed()).containsExactly(listenerFailure);
    broker.close();
  }

  @Test
  void closeNowInterruptsHandlersDiscardsBuffersAndIsNotAFailure() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder slow = Recorder.stalled();
    Subscription<Integer> s = broker.subscribe("t", SubscriberOptions.defaults(), slow);
    Subscription<Integer> pull = broker.subscribe("t", SubscriberOptions.defaults());
    for (int i = 0; i < 4; i++) broker.publish("t", i);
    slow.awaitEntered();
    broker.closeNow(); // the stalled handler is interrupted; would hang otherwise
    assertThat(s.state()).isEqualTo(Subscription.State.CLOSED);
    assertThat(s.failure()).isEmpty();
    assertThat(s.discarded()).isEqualTo(3);
    assertThat(s.delivered()).isZero(); // message 0 never completed
    assertThat(pull.discarded()).isEqualTo(4);
    assertThat(pull.messages().stream().toList()).isEmpty();
  }
}
