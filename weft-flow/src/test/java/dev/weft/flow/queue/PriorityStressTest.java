package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ReceiveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

/**
 * {@link PriorityWorkQueue} with many producers and consumers: every element put is taken exactly
 * once, the per-level counters add up, and takers racing with close lose nothing.
 */
@Tag("stress")
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield lets the other virtual threads run
@Timeout(60)
class PriorityStressTest {

  @Test
  void everyElementIsTakenExactlyOnce() throws Exception {
    PriorityWorkQueue<Long> q = new PriorityWorkQueue<>(PriorityOptions.defaults());
    ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
    List<Thread> consumers = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      consumers.add(Thread.ofVirtual().start(() -> {
        try {
          while (q.takeResult() instanceof ReceiveResult.Value<Long>(Long v)) taken.add(v);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }));
    }
    List<Thread> producers = new ArrayList<>();
    int perProducer = 20_000;
    for (int p = 0; p < 4; p++) {
      long base = (long) p << 32;
      producers.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < perProducer; i++) q.offer(i % 3, base + i);
      }));
    }
    for (Thread t : producers) t.join();
    q.close();
    for (Thread t : consumers) t.join();
    assertThat(taken).hasSize(4 * perProducer).doesNotHaveDuplicates();
    assertThat(q.dequeuedPerLevel().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(4L * perProducer);
  }

  @Test
  void aBoundedQueueWithMixedBlockingAndNonBlockingCallsLosesNothing() throws Exception {
    PriorityWorkQueue<Long> q = new PriorityWorkQueue<>(PriorityOptions.defaults().withCapacity(4));
    ConcurrentLinkedQueue<Long> taken = new ConcurrentLinkedQueue<>();
    List<Thread> consumers = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      boolean polling = c % 2 == 0;
      consumers.add(Thread.ofVirtual().start(() -> {
        try {
          while (true) {
            ReceiveResult<Long> r = polling ? q.poll() : q.takeResult();
            if (r instanceof ReceiveResult.Value<Long>(Long v)) taken.add(v);
            else if (r.isClosed()) return;
            else Thread.yield();
          }
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }));
    }
    List<Thread> producers = new ArrayList<>();
    int perProducer = 10_000;
    for (int p = 0; p < 4; p++) {
      long base = (long) p << 32;
      boolean trying = p % 2 == 0;
      producers.add(Thread.ofVirtual().start(() -> {
        try {
          for (int i = 0; i < perProducer; i++) {
            if (trying) {
              while (!q.offer(i % 3, base + i)) Thread.yield();
            } else {
              q.put(i % 3, base + i);
            }
          }
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }));
    }
    for (Thread t : producers) t.join();
    q.close();
    for (Thread t : consumers) t.join();
    assertThat(taken).hasSize(4 * perProducer).doesNotHaveDuplicates();
    assertThat(q.size()).isZero();
  }
}
