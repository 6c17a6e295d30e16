package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each {@link OverflowPolicy} on a full subscriber, with exact counts: the subscriber's handler is
 * stalled in message 0, its buffer of 3 fills with 1..3, and 4..10 overflow.
 */
@Timeout(20)
class BrokerOverflowTest {

  private final Broker<Integer> broker = new Broker<>();
  private final Recorder slow = Recorder.stalled();

  /** Subscribes the stalled handler with {@code policy}, publishes 0..10; returns publish counts. */
  private List<Integer> fill(OverflowPolicy policy, Subscription<?>[] out) throws Exception {
    out[0] = broker.subscribe("t", new SubscriberOptions(3, policy), slow);
    List<Integer> counts = new ArrayList<>();
    counts.add(broker.publish("t", 0));
    slow.awaitEntered(); // 0 is being handled: the buffer is empty again
    for (int i = 1; i <= 10; i++) counts.add(broker.publish("t", i));
    return counts;
  }

  @Test
  void dropNewestKeepsTheFirstThreeAndDropsTheRest() throws Exception {
    Subscription<?>[] s = new Subscription<?>[1];
    List<Integer> counts = fill(OverflowPolicy.DROP_NEWEST, s);
    assertThat(counts).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    assertThat(s[0].dropped()).isEqualTo(7);
    slow.release();
    broker.close();
    assertThat(slow.seen()).containsExactly(0, 1, 2, 3);
    assertThat(s[0].delivered()).isEqualTo(4);
    assertThat(s[0].dropped()).isEqualTo(7);
  }

  @Test
  void dropOldestKeepsTheLastThreeAndCountsEachEviction() throws Exception {
    Subscription<?>[] s = new Subscription<?>[1];
    List<Integer> counts = fill(OverflowPolicy.DROP_OLDEST, s);
    assertThat(counts).containsOnly(1); // every publish reached the subscriber's buffer
    assertThat(s[0].dropped()).isEqualTo(7);
    slow.release();
    broker.close();
    assertThat(slow.seen()).containsExactly(0, 8, 9, 10);
    assertThat(s[0].delivered()).isEqualTo(4);
  }

  @Test
  void disconnectEndsTheSubscriptionAtTheFirstOverflowAndStillDeliversItsBuffer()
      throws Exception {
    Subscription<?>[] s = new Subscription<?>[1];
    List<Integer> counts = fill(OverflowPolicy.DISCONNECT, s);
    assertThat(counts).containsExactly(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    assertThat(s[0].state()).isEqualTo(Subscription.State.DISCONNECTED);
    assertThat(s[0].dropped()).isEqualTo(1); // only the message that found it full
    assertThat(broker.subscriberCount("t")).isZero();
    slow.release();
    s[0].awaitTermination();
    assertThat(slow.seen()).containsExactly(0, 1, 2, 3);
    assertThat(s[0].delivered()).isEqualTo(4);
    broker.close();
    assertThat(s[0].state()).isEqualTo(Subscription.State.DISCONNECTED);
  }

  @Test
  void blockMakesThePublisherWaitForRoomAndLosesNothing() throws Exception {
    Subscription<Integer> s = broker.subscribe("t", new SubscriberOptions(3, OverflowPolicy.BLOCK), slow);
    broker.publish("t", 0);
    slow.awaitEntered();
    for (int i = 1; i <= 3; i++) assertThat(broker.publish("t", i)).isEqualTo(1);
    Async<Integer> publisher = Async.call(() -> broker.publish("t", 4)).awaitParked();
    publisher.assertStillBlocked();
    slow.release();
    assertThat(publisher.get()).isEqualTo(1);
    broker.close();
    assertThat(slow.seen()).containsExactly(0, 1, 2, 3, 4);
    assertThat(s.dropped()).isZero();
  }

  @Test
  void pullSubscriptionsApplyTheSamePolicies() throws Exception {
    Subscription<Integer> newest = broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.DROP_NEWEST));
    Subscription<Integer> oldest = broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.DROP_OLDEST));
    Subscription<Integer> disc = broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.DISCONNECT));
    List<Integer> counts = new ArrayList<>();
    for (int i = 0; i < 5; i++) counts.add(broker.publish("t", i));
    assertThat(counts).containsExactly(3, 3, 1, 1, 1);
    broker.close();
    assertThat(newest.messages().stream().toList()).containsExactly(0, 1);
    assertThat(oldest.messages().stream().toList()).containsExactly(3, 4);
    assertThat(disc.messages().stream().toList()).containsExactly(0, 1);
    assertThat(List.of(newest.dropped(), oldest.dropped(), disc.dropped())).containsExactly(3L, 3L, 1L);
    assertThat(List.of(newest.delivered(), oldest.delivered(), disc.delivered())).containsExactly(2L, 2L, 2L);
    assertThat(disc.state()).isEqualTo(Subscription.State.DISCONNECTED);
    assertThat(newest.state()).isEqualTo(Subscription.State.CLOSED);
  }

  @Test
  void tryPublishNeverWaitsAndCountsWhatAFullBlockSubscriberMissed() throws Exception {
    Subscription<Integer> blocking =
        broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.BLOCK), slow);
    Subscription<Integer> oldest =
        broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.DROP_OLDEST));
    assertThat(broker.tryPublish("t", 0)).isEqualTo(2);
    slow.awaitEntered();
    List<Integer> counts = new ArrayList<>();
    for (int i = 1; i <= 5; i++) counts.add(broker.tryPublish("t", i));
    assertThat(counts).containsExactly(2, 2, 1, 1, 1);
    assertThat(blocking.dropped()).isEqualTo(3);
    assertThat(oldest.dropped()).isEqualTo(4);
    assertThat(broker.tryPublish("nobody", 1)).isZero();
    slow.release();
    broker.close();
    assertThat(slow.seen()).containsExactly(0, 1, 2);
    assertThat(oldest.messages().stream().toList()).containsExactly(4, 5);
  }
}
