package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.ChannelClosedException;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bounded {@link PriorityWorkQueue}: puts wait for room (FIFO), offer reports full; interrupt
 * and context cancellation on entry and while waiting fail a put and add nothing; close wakes
 * waiting putters, which throw.
 */
@Timeout(20)
class PriorityCapacityTest {

  private final PriorityWorkQueue<String> q =
      new PriorityWorkQueue<>(PriorityOptions.of(2).withCapacity(2));

  private void fill() {
    assertThat(q.offer(1, "a")).isTrue();
    assertThat(q.offer(0, "b")).isTrue();
  }

  @Test
  void offerReportsAFullQueueAndATakeMakesRoom() throws Exception {
    fill();
    assertThat(q.offer(0, "c")).isFalse();
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.offer(0, "c")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aPutWaitsForRoomAndWaitingPuttersAreServedInArrivalOrder(boolean withContext)
      throws Exception {
    fill();
    Async<Void> first = Async.run(() -> put(withContext, 1, "first")).awaitParked();
    Async<Void> second = Async.run(() -> put(withContext, 0, "second")).awaitParked();
    first.assertStillBlocked();
    assertThat(q.take()).isEqualTo("b");
    first.get();
    assertThat(q.waitingPutters()).isEqualTo(1);
    assertThat(q.take()).isEqualTo("a");
    second.get();
    assertThat(q.take()).isEqualTo("second"); // level 0 before level 1
    assertThat(q.take()).isEqualTo("first");
  }

  private void put(boolean withContext, int level, String v) throws InterruptedException {
    if (withContext) q.put(level, v, Context.background());
    else q.put(level, v);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void interruptOnEntryFailsAPutEvenWithRoom(boolean withContext) throws Exception {
    Throwable thrown = Async.run(() -> {
      Thread.currentThread().interrupt();
      put(withContext, 0, "x");
    }).failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(q.size()).isZero();
  }

  @Test
  void interruptOnEntryAlsoFailsAPutOnAnUnboundedQueue() throws Exception {
    PriorityWorkQueue<String> unbounded = new PriorityWorkQueue<>(PriorityOptions.of(1));
    Throwable thrown = Async.run(() -> {
      Thread.currentThread().interrupt();
      unbounded.put(0, "x");
    }).failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    CancelContext done = Context.withCancel(Context.background());
    done.cancel();
    assertThatThrownBy(() -> unbounded.put(0, "x", done))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(unbounded.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void interruptWhileWaitingFailsThePutAndTheSlotGoesToTheNextPutter(boolean withContext)
      throws Exception {
    fill();
    Async<Void> first = Async.run(() -> put(withContext, 0, "first")).awaitParked();
    Async<Void> second = Async.run(() -> put(withContext, 0, "second")).awaitParked();
    first.thread().interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    q.take();
    second.get();
    assertThat(q.size()).isEqualTo(2);
    assertThat(q.waitingPutters()).isZero();
  }

  @Test
  void aContextDoneOnEntryFailsThePutEvenWithRoom() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> q.put(0, "x", ctx)).isInstanceOf(ContextCancelledException.class);
    assertThat(q.size()).isZero();
  }

  @Test
  void aContextDoneWhileWaitingFailsThePutAndAddsNothing() throws Exception {
    fill();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> putter = Async.run(() -> q.put(0, "x", ctx)).awaitParked();
    ctx.cancel();
    assertThat(putter.failure()).isInstanceOf(ContextCancelledException.class);
    q.take();
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.offer(0, "y")).isTrue(); // the freed slot was not lost
  }

  @Test
  void closeWakesWaitingPuttersWhichThrowAndTryPutThrowsToo() throws Exception {
    fill();
    Async<Void> a = Async.run(() -> q.put(0, "x")).awaitParked();
    Async<Void> b = Async.run(() -> q.put(1, "y", Context.background())).awaitParked();
    q.close();
    assertThat(a.failure()).isInstanceOf(ChannelClosedException.class);
    assertThat(b.failure()).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> q.offer(0, "z")).isInstanceOf(ChannelClosedException.class);
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.size()).isZero();
  }
}
