package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ReceiveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RingBuffer} under many producers and consumers: nothing is lost or duplicated (every
 * element put is taken, evicted or still buffered, exactly once) and each producer's elements are
 * taken in the order it put them.
 */
@Tag("stress")
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield lets the other virtual threads run
@Timeout(60)
class RingBufferStressTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 64})
  void everyElementIsTakenEvictedOrLeftExactlyOnceInPerProducerOrder(int capacity)
      throws Exception {
    int producers = 4;
    int consumers = 3;
    int perProducer = 20_000;
    RingBuffer<Long> rb = new RingBuffer<>(capacity);
    ConcurrentLinkedQueue<Long> evicted = new ConcurrentLinkedQueue<>();
    List<List<Long>> takenBy = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      List<Long> mine = new ArrayList<>();
      takenBy.add(mine);
      boolean polling = c == 0; // one consumer polls, racing the blocking takers
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        ReceiveResult<Long> r = polling ? rb.poll() : rb.takeResult();
                        if (r instanceof ReceiveResult.Value<Long>(Long v)) mine.add(v);
                        else if (r.isClosed()) return;
                        else Thread.yield();
                      }
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    List<Thread> producerThreads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long base = (long) p << 32;
      producerThreads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < perProducer; i++) rb.put(base + i).ifPresent(evicted::add);
                  }));
    }
    for (Thread t : producerThreads) t.join();
    rb.close();
    for (Thread t : threads) t.join();

    List<Long> all = new ArrayList<>(evicted);
    takenBy.forEach(all::addAll);
    assertThat(all).hasSize(producers * perProducer).doesNotHaveDuplicates();
    assertThat(rb.dropped()).isEqualTo(evicted.size());
    for (List<Long> mine : takenBy) {
      AtomicLong[] last = new AtomicLong[producers];
      for (int p = 0; p < producers; p++) last[p] = new AtomicLong(-1);
      for (long v : mine) {
        int p = (int) (v >>> 32);
        long seq = v & 0xffffffffL;
        assertThat(seq).as("producer %d order", p).isGreaterThan(last[p].get());
        last[p].set(seq);
      }
    }
  }

  @Test
  void takersRacingWithCloseNeverLoseAnElement() throws Exception {
    for (int round = 0; round < 200; round++) {
      RingBuffer<Integer> rb = new RingBuffer<>(8);
      AtomicLong taken = new AtomicLong();
      List<Thread> takers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        takers.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        while (rb.takeResult().isValue()) taken.incrementAndGet();
                      } catch (InterruptedException e) {
                        throw new AssertionError(e);
                      }
                    }));
      }
      for (int i = 0; i < 8; i++) rb.put(i);
      rb.close();
      for (Thread t : takers) t.join();
      assertThat(taken.get() + rb.dropped()).isEqualTo(8);
      assertThat(rb.size()).isZero();
    }
  }
}
