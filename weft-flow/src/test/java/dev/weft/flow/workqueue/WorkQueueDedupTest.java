package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WorkQueue}: a key is queued at most once, keys come out in FIFO order, and a key added
 * while in flight is queued again exactly once, when it is done.
 */
@Timeout(10)
class WorkQueueDedupTest {

  private final WorkQueue<String> queue = WorkQueue.create(new FakeClock());

  @Test
  void aNewQueueIsEmptyAndOpen() {
    assertThat(queue.len()).isZero();
    assertThat(queue.inFlight()).isZero();
    assertThat(queue.delayed()).isZero();
    assertThat(queue.isShuttingDown()).isFalse();
    assertThat(queue.tryGet()).isEqualTo(new GetResult.Empty<String>());
    assertThat(queue).hasToString("WorkQueue[len=0, inFlight=0, delayed=0]");
  }

  @Test
  void keysComeOutInFifoOrder() throws Exception {
    for (String k : List.of("c", "a", "d", "b")) queue.add(k);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String k = queue.get().key();
      out.add(k);
      queue.done(k);
    }
    assertThat(out).containsExactly("c", "a", "d", "b");
  }

  @Test
  void addingAQueuedKeyAgainDoesNothing() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.add("a");
    assertThat(queue.len()).isEqualTo(2);
    assertThat(queue.get().key()).isEqualTo("a");
    assertThat(queue.get().key()).isEqualTo("b");
    assertThat(queue.tryGet().isItem()).isFalse();
  }

  @Test
  void aDuplicateKeepsTheKeysFirstPlaceInLine() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a"); // not moved behind b
    assertThat(queue.get().key()).isEqualTo("a");
  }

  @Test
  void aKeyAddedWhileInFlightIsNotHandedOutUntilDoneThenExactlyOnce() throws Exception {
    queue.add("a");
    assertThat(queue.get().key()).isEqualTo("a");
    queue.add("a");
    queue.add("a");
    queue.add("b");
    // Not handed out again while in flight, however often it was added.
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.get().key()).isEqualTo("b");
    assertThat(queue.tryGet().isItem()).isFalse();
    assertThat(queue.inFlight()).isEqualTo(2);

    queue.done("a"); // the dirty key is queued again, once
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.get().key()).isEqualTo("a");
    queue.done("a");
    queue.done("b");
    assertThat(queue.tryGet().isItem()).isFalse();
    assertThat(queue.inFlight()).isZero();
  }

  @Test
  void aKeyDoneWithoutReAddIsGone() throws Exception {
    queue.add("a");
    queue.get();
    queue.done("a");
    assertThat(queue.len()).isZero();
    assertThat(queue.tryGet()).isEqualTo(new GetResult.Empty<String>());
  }

  @Test
  void aDirtyKeyRequeuedByDoneGoesToTheTail() throws Exception {
    queue.add("a");
    queue.get();
    queue.add("a");
    queue.add("b");
    queue.done("a");
    assertThat(queue.get().key()).isEqualTo("b");
    assertThat(queue.get().key()).isEqualTo("a");
  }

  @Test
  void tryGetTakesTheHeadWithoutWaiting() {
    queue.add("x");
    GetResult<String> r = queue.tryGet();
    assertThat(r).isEqualTo(new GetResult.Item<>("x"));
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @Test
  void doneForAKeyNotInFlightFailsLoudlyAndChangesNothing() throws Exception {
    queue.add("a");
    assertThatThrownBy(() -> queue.done("a")) // queued, not taken
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WorkQueue: done(a) for a key not in flight");
    assertThat(queue.len()).isEqualTo(1);
    queue.get();
    queue.done("a");
    assertThatThrownBy(() -> queue.done("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> queue.done("never")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nullsAreRejectedWithTheTypeInTheMessage() {
    assertThatThrownBy(() -> queue.add(null)).hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.done(null)).hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.addAfter(null, java.time.Duration.ZERO))
        .hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.addAfter("a", null)).hasMessage("WorkQueue: delay is null");
    assertThatThrownBy(() -> queue.requeue(null)).hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.forget(null)).hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.numRequeues(null)).hasMessage("WorkQueue: key is null");
    assertThatThrownBy(() -> queue.get(null)).hasMessage("WorkQueue: context is null");
    assertThatThrownBy(() -> queue.getResult(null)).hasMessage("WorkQueue: context is null");
    assertThatThrownBy(() -> queue.shutDownWithDrain(null))
        .hasMessage("WorkQueue: context is null");
    assertThatThrownBy(() -> WorkQueue.create(null)).hasMessage("WorkQueue: clock is null");
    assertThatThrownBy(() -> WorkQueue.create(null, new FakeClock()))
        .hasMessage("WorkQueue: limiter is null");
    assertThat(queue.isShuttingDown()).isFalse();
  }

  @Test
  void resultAccessorsSayWhatWasReturned() {
    GetResult<String> item = new GetResult.Item<>("k");
    assertThat(item.isItem()).isTrue();
    assertThat(item.isShutDown()).isFalse();
    assertThat(item.key()).isEqualTo("k");
    GetResult<String> shut = new GetResult.ShutDown<>();
    assertThat(shut.isShutDown()).isTrue();
    assertThatThrownBy(shut::key)
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageStartingWith("GetResult: no key");
    assertThatThrownBy(() -> new GetResult.Item<String>(null))
        .hasMessage("GetResult.Item: key is null");
  }
}
