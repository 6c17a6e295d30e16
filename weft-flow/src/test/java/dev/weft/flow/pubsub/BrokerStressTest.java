package dev.weft.flow.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Broker} under concurrent publishers while subscribers come and go: the sum of publish
 * counts equals the messages handled plus those dropped by DROP_OLDEST eviction (nothing
 * accepted is lost, nothing is handled twice), and close leaves no thread behind.
 */
@Tag("stress")
@Timeout(60)
class BrokerStressTest {

  @Test
  void acceptedMessagesAreHandledExactlyOnceWhileSubscribersChurn() throws Exception {
    Broker<Integer> broker = new Broker<>();
    LongAdder handled = new LongAdder();
    List<Subscription<Integer>> subs = new java.util.concurrent.CopyOnWriteArrayList<>();
    OverflowPolicy[] policies = OverflowPolicy.values();
    AtomicLong accepted = new AtomicLong();
    int publishers = 4;
    int perPublisher = 5_000;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < perPublisher; i++) accepted.addAndGet(broker.publish("t", i));
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }));
    }
    Thread churn = Thread.ofVirtual().start(() -> {
      SplittableRandom rnd = new SplittableRandom(42);
      for (int i = 0; i < 300; i++) {
        OverflowPolicy policy = policies[rnd.nextInt(policies.length)];
        subs.add(broker.subscribe(
            "t", new SubscriberOptions(1 + rnd.nextInt(8), policy), m -> handled.increment()));
        if (subs.size() > 5) subs.get(rnd.nextInt(subs.size())).unsubscribe();
      }
    });
    for (Thread t : threads) t.join();
    churn.join();
    broker.close();

    long evicted = 0;
    for (Subscription<Integer> s : subs) {
      assertThat(s.state()).isNotEqualTo(Subscription.State.ACTIVE);
      assertThat(s.state()).isNotEqualTo(Subscription.State.FAILED);
      if (s.options().overflow() == OverflowPolicy.DROP_OLDEST) evicted += s.dropped();
    }
    assertThat(handled.sum() + evicted).isEqualTo(accepted.get());
    long delivered = subs.stream().mapToLong(Subscription::delivered).sum();
    assertThat(delivered).isEqualTo(handled.sum());
  }
}
