package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.test.Async;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stalled subscriber never delays the others unless its policy is BLOCK: with any other policy,
 * every publish returns and a fast subscriber gets every message while the slow one is stuck.
 */
@Timeout(20)
class BrokerIsolationTest {

  @ParameterizedTest
  @EnumSource(value = OverflowPolicy.class, names = {"DROP_NEWEST", "DROP_OLDEST", "DISCONNECT"})
  void aStalledNonBlockingSubscriberDoesNotDelayAFastOne(OverflowPolicy policy) throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder slow = Recorder.stalled();
    Recorder fast = Recorder.fast();
    Subscription<Integer> s = broker.subscribe("t", new SubscriberOptions(4, policy), slow);
    Subscription<Integer> f =
        broker.subscribe("t", new SubscriberOptions(4, OverflowPolicy.BLOCK), fast);
    broker.publish("t", 0);
    slow.awaitEntered();
    for (int i = 1; i < 1_000; i++) broker.publish("t", i); // would hang if the slow one blocked
    await().atMost(Duration.ofSeconds(10)).until(() -> fast.count() == 1_000);
    assertThat(fast.seen()).isEqualTo(IntStream.range(0, 1_000).boxed().toList());
    assertThat(slow.seen()).containsExactly(0); // still stalled all along
    assertThat(f.dropped()).isZero();
    assertThat(s.dropped()).isEqualTo(policy == OverflowPolicy.DISCONNECT ? 1 : 1_000 - 1 - 4);
    slow.release();
    broker.close();
  }

  @Test
  void theSlowSubscriberIsDisconnectedAndTheRestCarryOn() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder slow = Recorder.stalled();
    Recorder fast = Recorder.fast();
    Subscription<Integer> s =
        broker.subscribe("t", new SubscriberOptions(2, OverflowPolicy.DISCONNECT), slow);
    broker.subscribe("t", SubscriberOptions.defaults(), fast);
    broker.publish("t", 0);
    slow.awaitEntered();
    int[] counts = new int[10];
    for (int i = 1; i <= 10; i++) counts[i - 1] = broker.publish("t", i);
    assertThat(counts).containsExactly(2, 2, 1, 1, 1, 1, 1, 1, 1, 1);
    assertThat(s.state()).isEqualTo(Subscription.State.DISCONNECTED);
    assertThat(broker.subscriberCount("t")).isEqualTo(1);
    slow.release();
    broker.close();
    assertThat(fast.count()).isEqualTo(11);
    assertThat(slow.seen()).containsExactly(0, 1, 2);
  }

  @Test
  void aStalledBlockSubscriberHoldsUpThePublisherAndSoTheOthers() throws Exception {
    Broker<Integer> broker = new Broker<>();
    Recorder slow = Recorder.stalled();
    Recorder fast = Recorder.fast();
    broker.subscribe("t", new SubscriberOptions(1, OverflowPolicy.BLOCK), slow);
    broker.subscribe("t", new SubscriberOptions(1, OverflowPolicy.BLOCK), fast);
    broker.publish("t", 0);
    slow.awaitEntered();
    broker.publish("t", 1); // fills the slow buffer
    Async<Void> publisher =
        Async.run(() -> {
          for (int i = 2; i < 10; i++) broker.publish("t", i);
        }).awaitParked();
    publisher.assertStillBlocked();
    assertThat(fast.count()).isLessThan(10); // the fast one waits with the publisher
    slow.release();
    publisher.get();
    broker.close();
    assertThat(fast.count()).isEqualTo(10);
    assertThat(slow.count()).isEqualTo(10);
  }
}
