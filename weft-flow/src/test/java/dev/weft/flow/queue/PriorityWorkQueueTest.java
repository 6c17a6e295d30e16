package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PriorityWorkQueue} without contention: sizes and counters, close drains by priority then
 * reports closed, put after close and bad input fail clearly.
 */
@Timeout(10)
class PriorityWorkQueueTest {

  @Test
  void sizesAndDequeuedCountsPerLevel() throws Exception {
    PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(2));
    q.put(1, "a");
    q.put(1, "b");
    q.put(0, "c");
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.size(1)).isEqualTo(2);
    assertThat(q.poll().value()).isEqualTo("c");
    assertThat(q.poll().value()).isEqualTo("a");
    assertThat(q.dequeuedPerLevel()).containsExactly(1L, 1L);
    assertThat(q).hasToString("PriorityWorkQueue[levels=2, size=1]");
  }

  @Test
  void closeDrainsByPriorityThenReportsClosedAndRejectsPuts() throws Exception {
    PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(2));
    q.put(1, "low");
    q.put(0, "high");
    assertThat(q.close()).isTrue();
    assertThat(q.close()).isFalse();
    assertThat(q.isClosed()).isTrue();
    assertThatThrownBy(() -> q.put(0, "late"))
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("PriorityWorkQueue: put on a closed queue");
    assertThat(q.take()).isEqualTo("high");
    assertThat(q.takeResult()).isEqualTo(new ReceiveResult.Value<>("low"));
    assertThat(q.poll()).isEqualTo(new ReceiveResult.Closed<String>());
    assertThat(q.poll(Duration.ofSeconds(5))).isEqualTo(new ReceiveResult.Closed<String>());
    assertThatThrownBy(q::take)
        .isInstanceOf(ChannelClosedException.class)
        .hasMessage("PriorityWorkQueue: closed and drained");
    assertThat(q).hasToString("PriorityWorkQueue[levels=2, size=0, closed]");
  }

  @Test
  void emptyPollsReportEmptyOrTimedOut() throws Exception {
    PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(1));
    assertThat(q.poll()).isEqualTo(new ReceiveResult.Empty<String>());
    assertThat(q.poll(Duration.ofMillis(5))).isEqualTo(new ReceiveResult.TimedOut<String>());
    assertThat(q.poll(Duration.ZERO)).isEqualTo(new ReceiveResult.TimedOut<String>());
  }

  @Test
  void badInputFailsWithTheTypeAndArgumentInTheMessage() throws Exception {
    PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(2));
    assertThatThrownBy(() -> new PriorityWorkQueue<String>(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PriorityWorkQueue: options is null");
    assertThatThrownBy(() -> q.put(0, null)).hasMessage("PriorityWorkQueue: value is null");
    assertThatThrownBy(() -> q.offer(0, null)).hasMessage("PriorityWorkQueue: value is null");
    assertThatThrownBy(() -> q.put(0, "x", null)).hasMessage("PriorityWorkQueue: context is null");
    assertThatThrownBy(() -> q.put(2, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PriorityWorkQueue: level must be in 0..1, got 2");
    assertThatThrownBy(() -> q.size(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> q.take(null)).hasMessage("PriorityWorkQueue: context is null");
    assertThatThrownBy(() -> q.takeResult(null)).hasMessage("PriorityWorkQueue: context is null");
    assertThatThrownBy(() -> q.poll(null)).hasMessage("PriorityWorkQueue: timeout is null");
    assertThat(q.size()).isZero();
  }
}
