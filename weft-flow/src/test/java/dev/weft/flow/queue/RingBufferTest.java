package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RingBuffer} without contention: put never blocks and evicts the oldest when full (counted
 * and returned), elements leave in put order, close drains then reports closed, bad input fails.
 */
@Timeout(10)
class RingBufferTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7})
  void putEvictsTheOldestWhenFullAndCountsEveryEviction(int capacity) throws Exception {
    RingBuffer<Integer> rb = new RingBuffer<>(capacity);
    List<Integer> evicted = new ArrayList<>();
    for (int i = 0; i < 20; i++) rb.put(i).ifPresent(evicted::add);

    assertThat(rb.dropped()).isEqualTo(20 - capacity);
    assertThat(evicted).containsExactlyElementsOf(range(0, 20 - capacity));
    assertThat(rb.size()).isEqualTo(capacity);
    assertThat(rb.snapshot()).containsExactlyElementsOf(range(20 - capacity, 20));
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < capacity; i++) taken.add(rb.take());
    assertThat(taken).containsExactlyElementsOf(range(20 - capacity, 20));
    assertThat(rb.poll()).isEqualTo(new ReceiveResult.Empty<Integer>());
  }

  @Test
  void putReturnsEmptyWhileThereIsRoom() {
    RingBuffer<String> rb = new RingBuffer<>(2);
    assertThat(rb.put("a")).isEmpty();
    assertThat(rb.put("b")).isEmpty();
    assertThat(rb.put("c")).isEqualTo(Optional.of("a"));
    assertThat(rb.dropped()).isEqualTo(1);
    assertThat(rb.capacity()).isEqualTo(2);
  }

  @Test
  void interleavedPutsAndTakesKeepFifoOrderAcrossTheWrapAround() throws Exception {
    RingBuffer<Integer> rb = new RingBuffer<>(3);
    List<Integer> out = new ArrayList<>();
    int next = 0;
    for (int round = 0; round < 10; round++) {
      rb.put(next++);
      rb.put(next++);
      out.add(rb.take());
      out.add(rb.take());
    }
    assertThat(out).containsExactlyElementsOf(range(0, 20));
    assertThat(rb.dropped()).isZero();
  }

  @Test
  void closeLetsTakersDrainThenReportsClosed() throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(4);
    rb.put("a");
    rb.put("b");
    assertThat(rb.close()).isTrue();
    assertThat(rb.close()).isFalse();
    assertThat(rb.isClosed()).isTrue();
    assertThat(rb.take()).isEqualTo("a");
    assertThat(rb.poll()).isEqualTo(new ReceiveResult.Value<>("b"));
    assertThat(rb.poll()).isEqualTo(new ReceiveResult.Closed<String>());
    assertThat(rb.takeResult()).isEqualTo(new ReceiveResult.Closed<String>());
    assertThat(rb.poll(Duration.ofSeconds(5))).isEqualTo(new ReceiveResult.Closed<String>());
    assertThatThrownBy(rb::take)
        .isInstanceOf(ChannelClosedException.class)
        .hasMessageStartingWith("RingBuffer: ");
  }

  @Test
  void putOnAClosedBufferThrowsAndChangesNothing() {
    RingBuffer<String> rb = new RingBuffer<>(1);
    rb.put("a");
    rb.close();
    assertThatThrownBy(() -> rb.put("b"))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("RingBuffer: put on a closed ring buffer");
    assertThat(rb.snapshot()).containsExactly("a");
    assertThat(rb.dropped()).isZero();
  }

  @Test
  void pollWithZeroTimeoutReportsTimedOut() throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(1);
    assertThat(rb.poll(Duration.ZERO)).isEqualTo(new ReceiveResult.TimedOut<String>());
    assertThat(rb.poll(Duration.ofMillis(-5))).isEqualTo(new ReceiveResult.TimedOut<String>());
    rb.put("x");
    assertThat(rb.poll(Duration.ZERO)).isEqualTo(new ReceiveResult.Value<>("x"));
  }

  @Test
  void badInputFailsWithTheTypeInTheMessage() {
    assertThatThrownBy(() -> new RingBuffer<String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RingBuffer: capacity must be > 0, got 0");
    assertThatThrownBy(() -> new RingBuffer<String>(-3))
        .hasMessage("RingBuffer: capacity must be > 0, got -3");
    RingBuffer<String> rb = new RingBuffer<>(1);
    assertThatThrownBy(() -> rb.put(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("RingBuffer: value is null");
    assertThatThrownBy(() -> rb.take(null)).hasMessage("RingBuffer: context is null");
    assertThatThrownBy(() -> rb.takeResult(null)).hasMessage("RingBuffer: context is null");
    assertThatThrownBy(() -> rb.poll(null)).hasMessage("RingBuffer: timeout is null");
  }

  @Test
  void toStringShowsSizeCapacityDroppedAndClosed() {
    RingBuffer<String> rb = new RingBuffer<>(1);
    rb.put("a");
    rb.put("b");
    assertThat(rb).hasToString("RingBuffer[size=1, capacity=1, dropped=1]");
    rb.close();
    assertThat(rb).hasToString("RingBuffer[size=1, capacity=1, dropped=1, closed]");
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> r = new ArrayList<>();
    for (int i = from; i < to; i++) r.add(i);
    return r;
  }
}
