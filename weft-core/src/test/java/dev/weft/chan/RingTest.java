package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lock-free buffer of a buffered channel on its own: FIFO order, full and empty, closing, and
 * many producers and consumers on platform and virtual threads at once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RingTest {

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 3, 16, 100})
  void holdsExactlyCapacityValuesInOrderLapAfterLap(int capacity) {
    Ring ring = new Ring(capacity);
    int next = 0;
    int expected = 0;
    for (int lap = 0; lap < 5; lap++) {
      assertThat(ring.isEmpty()).isTrue();
      assertThat(ring.poll()).isSameAs(Ring.EMPTY);
      for (int i = 0; i < capacity; i++) {
        assertThat(ring.offer(next++)).isEqualTo(Ring.OK);
        assertThat(ring.size()).isEqualTo(i + 1);
      }
      assertThat(ring.isFull()).isTrue();
      assertThat(ring.offer(-1)).isEqualTo(Ring.FULL);
      assertThat(ring.size()).isEqualTo(capacity);
      // Take half, refill, so that the next lap starts at another slot.
      for (int i = 0; i < (capacity + 1) / 2; i++) assertThat(ring.poll()).isEqualTo(expected++);
      for (int i = 0; i < (capacity + 1) / 2; i++) assertThat(ring.offer(next++)).isEqualTo(Ring.OK);
      while (!ring.isEmpty()) assertThat(ring.poll()).isEqualTo(expected++);
    }
    assertThat(expected).isEqualTo(next);
  }

  @Test
  void closingKeepsTheValuesButRefusesNewOnes() {
    Ring ring = new Ring(4);
    ring.offer("a");
    ring.offer("b");
    ring.close();
    ring.close(); // idempotent
    assertThat(ring.offer("c")).isEqualTo(Ring.CLOSED_FULL);
    assertThat(ring.isClosedAndEmpty()).isFalse();
    assertThat(ring.size()).isEqualTo(2);
    assertThat(ring.poll()).isEqualTo("a");
    assertThat(ring.poll()).isEqualTo("b");
    assertThat(ring.poll()).isSameAs(Ring.CLOSED_EMPTY);
    assertThat(ring.isClosedAndEmpty()).isTrue();
    assertThat(ring.isEmpty()).isTrue();
  }

  @Test
  void aFullRingThatIsClosedSaysClosedToOffers() {
    Ring ring = new Ring(1);
    ring.offer("a");
    assertThat(ring.offer("b")).isEqualTo(Ring.FULL);
    ring.close();
    assertThat(ring.offer("b")).isEqualTo(Ring.CLOSED_FULL);
  }

  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {0, -1, (1 << 30) + 1, Integer.MAX_VALUE})
  void badCapacityIsRejectedWithTheValue(int capacity) {
    assertThatThrownBy(() -> new Ring(capacity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Ring")
        .hasMessageContaining(Integer.toString(capacity));
  }

  /**
   * Producers and consumers on a mix of platform and virtual threads (more threads than cores, so
   * claim holders get descheduled): every value arrives exactly once, each producer's values in
   * order at each consumer, and the ring is closed and drained at the end.
   */
  @Tag("stress")
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 5, 16})
  void manyProducersAndConsumersOnPlatformAndVirtualThreads(int capacity) throws Exception {
    long seed = Long.getLong("weft.stress.seed", System.nanoTime());
    SplittableRandom rnd = new SplittableRandom(seed);
    int producers = 4;
    int consumers = 4;
    int perProducer = 10_000;
    Ring ring = new Ring(capacity);
    AtomicIntegerArray received = new AtomicIntegerArray(producers * perProducer);
    AtomicLong outOfOrder = new AtomicLong();
    AtomicLong producersLeft = new AtomicLong(producers);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      Runnable body =
          () -> {
            for (int i = 0; i < perProducer; i++) {
              while (ring.offer(base + i) == Ring.FULL) LockSupport.parkNanos(1_000);
            }
            if (producersLeft.decrementAndGet() == 0) ring.close();
          };
      threads.add(start(rnd.nextBoolean(), body));
    }
    for (int c = 0; c < consumers; c++) {
      Runnable body =
          () -> {
            int[] last = new int[producers];
            Arrays.fill(last, -1);
            for (; ; ) {
              Object v = ring.poll();
              if (v == Ring.CLOSED_EMPTY) return;
              if (v == Ring.EMPTY) {
                LockSupport.parkNanos(1_000);
                continue;
              }
              int x = (Integer) v;
              received.incrementAndGet(x);
              int p = x / perProducer;
              if (x <= last[p]) outOfOrder.incrementAndGet();
              last[p] = x;
            }
          };
      threads.add(start(rnd.nextBoolean(), body));
    }
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofMinutes(2))).as("thread finished, seed %d", seed).isTrue();
    }
    for (int i = 0; i < received.length(); i++) {
      assertThat(received.get(i)).as("times value %d arrived, seed %d", i, seed).isEqualTo(1);
    }
    assertThat(outOfOrder.get()).as("values out of their producer's order, seed %d", seed).isZero();
    assertThat(ring.isClosedAndEmpty()).isTrue();
  }

  private static Thread start(boolean virtual, Runnable body) {
    return (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(true)).start(body);
  }
}
