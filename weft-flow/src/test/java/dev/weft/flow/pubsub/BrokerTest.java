package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Broker} basics: every subscriber of a topic gets each message in publication order on its
 * own virtual thread, topics are independent, unsubscribe stops new messages, pull subscriptions
 * receive through a channel, and bad input or use after close fails clearly.
 */
@Timeout(20)
class BrokerTest {

  private static final SubscriberOptions OPTS = SubscriberOptions.defaults();

  @Test
  void everySubscriberGetsEveryMessageInOrderOnItsOwnVirtualThread() throws Exception {
    Broker<Integer> broker = new Broker<>();
    List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    Recorder a = Recorder.fast();
    Recorder b = Recorder.fast();
    Subscription<Integer> sa = broker.subscribe("t", OPTS, m -> {
      threads.add(Thread.currentThread());
      a.handle(m);
    });
    Subscription<Integer> sb = broker.subscribe("t", OPTS, b);
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < 100; i++) counts.add(broker.publish("t", i));
    broker.close();

    assertThat(counts).containsOnly(2);
    List<Integer> expected = IntStream.range(0, 100).boxed().toList();
    assertThat(a.seen()).isEqualTo(expected);
    assertThat(b.seen()).isEqualTo(expected);
    assertThat(sa.delivered()).isEqualTo(100);
    assertThat(sb.delivered()).isEqualTo(100);
    assertThat(sa.dropped()).isZero();
    assertThat(threads).allSatisfy(t -> {
      assertThat(t.isVirtual()).isTrue();
      assertThat(t.getName()).startsWith("weft-subscriber-t-");
    });
    assertThat(sa.state()).isEqualTo(Subscription.State.CLOSED);
  }

  @Test
  void topicsAreIndependentAndExistWhileTheyHaveSubscribers() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder a = Recorder.fast();
    Recorder b = Recorder.fast();
    Subscription<Integer> sa = broker.subscribe("a", OPTS, a);
    broker.subscribe("b", OPTS, b);
    assertThat(broker.topics()).containsExactly("a", "b");
    assertThat(broker.publish("a", 1)).isEqualTo(1);
    assertThat(broker.publish("b", 2)).isEqualTo(1);
    assertThat(broker.publish("nobody", 3)).isZero();
    assertThat(sa.unsubscribe()).isTrue();
    assertThat(sa.unsubscribe()).isFalse();
    assertThat(broker.topics()).containsExactly("b");
    assertThat(broker.subscriberCount("a")).isZero();
    assertThat(broker.publish("a", 4)).isZero();
    broker.close();
    assertThat(a.seen()).containsExactly(1);
    assertThat(b.seen()).containsExactly(2);
    assertThat(sa.state()).isEqualTo(Subscription.State.UNSUBSCRIBED);
  }

  @Test
  void unsubscribeStillDeliversWhatWasBufferedThenTheThreadEnds() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder r = Recorder.stalled();
    Subscription<Integer> s = broker.subscribe("t", OPTS, r);
    broker.publish("t", 0);
    r.awaitEntered();
    broker.publish("t", 1);
    broker.publish("t", 2);
    s.unsubscribe();
    assertThat(broker.publish("t", 3)).isZero();
    assertThat(s.awaitTermination(Duration.ofMillis(20))).isFalse(); // still stalled in 0
    r.release();
    s.awaitTermination();
    assertThat(r.seen()).containsExactly(0, 1, 2);
    assertThat(s.delivered()).isEqualTo(3);
    broker.close();
  }

  @Test
  void aPullSubscriptionReceivesThroughItsChannelWhichClosesWhenItEnds() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Subscription<Integer> s = broker.subscribe("t", OPTS.withBufferSize(8));
    for (int i = 0; i < 5; i++) assertThat(broker.publish("t", i)).isEqualTo(1);
    assertThat(s.messages().receive()).isZero();
    assertThat(s.messages().receive(Context.background())).isEqualTo(1);
    assertThat(s.delivered()).isEqualTo(2);
    assertThat(s.buffered()).isEqualTo(3);
    s.unsubscribe();
    assertThat(s.awaitTermination(Duration.ZERO)).isTrue();
    List<Integer> rest = new ArrayList<>();
    for (Integer m : s.messages()) rest.add(m);
    assertThat(rest).containsExactly(2, 3, 4);
    assertThat(s.messages().tryReceive()).isEqualTo(new ReceiveResult.Closed<Integer>());
    assertThat(s.delivered()).isEqualTo(5);
    broker.close();
  }

  @Test
  void aPushSubscriptionHasNoMessagesChannel() {
    Broker<Integer> broker = new Broker<>();
    Subscription<Integer> s = broker.subscribe("t", OPTS, Recorder.fast());
    assertThatThrownBy(s::messages)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Subscription: a push subscription has no messages channel");
    broker.close();
  }

  @Test
  void aSubscriberAddedLaterOnlySeesLaterMessages() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Subscription<Integer> early = broker.subscribe("t", OPTS);
    broker.publish("t", 1);
    Subscription<Integer> late = broker.subscribe("t", OPTS);
    broker.publish("t", 2);
    broker.close();
    assertThat(early.messages().stream().toList()).containsExactly(1, 2);
    assertThat(late.messages().stream().toList()).containsExactly(2);
  }

  @Test
  void afterCloseSubscribeAndPublishFailAndCloseIsIdempotent() {
    Broker<Integer> broker = new Broker<>();
    broker.close();
    broker.close();
    broker.closeNow();
    assertThat(broker.isClosed()).isTrue();
    assertThatThrownBy(() -> broker.subscribe("t", OPTS, Recorder.fast()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Broker: closed");
    assertThatThrownBy(() -> broker.publish("t", 1)).hasMessage("Broker: closed");
    assertThatThrownBy(() -> broker.tryPublish("t", 1)).hasMessage("Broker: closed");
  }

  @Test
  void badInputFailsWithTheTypeAndArgumentInTheMessage() {
    Broker<Integer> broker = new Broker<>();
    assertThatThrownBy(() -> broker.subscribe(null, OPTS, Recorder.fast()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Broker: topic is null");
    assertThatThrownBy(() -> broker.subscribe("t", null, Recorder.fast()))
        .hasMessage("Broker: options is null");
    assertThatThrownBy(() -> broker.subscribe("t", OPTS, null)).hasMessage("Broker: handler is null");
    assertThatThrownBy(() -> broker.publish(null, 1)).hasMessage("Broker: topic is null");
    assertThatThrownBy(() -> broker.publish("t", null)).hasMessage("Broker: message is null");
    assertThatThrownBy(() -> broker.tryPublish(null, 1)).hasMessage("Broker: topic is null");
    assertThatThrownBy(() -> broker.tryPublish("t", null)).hasMessage("Broker: message is null");
    assertThatThrownBy(() -> broker.publish("t", 1, null)).hasMessage("Broker: context is null");
    assertThatThrownBy(() -> new Broker<Integer>(null)).hasMessage("Broker: onFailure is null");
    assertThatThrownBy(() -> new SubscriberOptions(0, OverflowPolicy.BLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SubscriberOptions: bufferSize must be > 0, got 0");
    assertThatThrownBy(() -> OPTS.withOverflow(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SubscriberOptions: overflow is null");
    assertThat(broker.topics()).isEmpty();
    broker.close();
  }

  @Test
  void optionsDefaultsAndWithers() {
    assertThat(SubscriberOptions.defaults()).isEqualTo(new SubscriberOptions(64, OverflowPolicy.BLOCK));
    assertThat(SubscriberOptions.defaults().withBufferSize(3).withOverflow(OverflowPolicy.DISCONNECT))
        .isEqualTo(new SubscriberOptions(3, OverflowPolicy.DISCONNECT));
  }

  @Test
  void awaitTerminationAfterCloseSeesEverySubscriberDone() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder r = Recorder.stalled();
    Subscription<Integer> s = broker.subscribe("t", OPTS, r);
    broker.publish("t", 0);
    r.awaitEntered();
    Thread closer = Thread.ofVirtual().start(broker::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> s.state() == Subscription.State.CLOSED);
    assertThat(broker.awaitTermination(Duration.ofMillis(20))).isFalse();
    r.release();
    assertThat(broker.awaitTermination(Duration.ofSeconds(10))).isTrue();
    closer.join();
  }
}
