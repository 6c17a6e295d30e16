package dev.weft.flow.fan;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.test.Waiting;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for the fan tests: channels filled and closed up front, draining, buffer states. */
final class FanTesting {

  private FanTesting() {}

  /** A closed channel holding {@code from .. to-1}. */
  static Channel<Integer> closedRange(int from, int to) {
    Channel<Integer> ch = Channel.buffered(Math.max(0, to - from));
    for (int i = from; i < to; i++) ch.trySend(i);
    ch.close();
    return ch;
  }

  /** Receives until {@code ch} is closed and drained. */
  static <T> List<T> drain(ReceiveChannel<T> ch) throws InterruptedException {
    List<T> out = new ArrayList<>();
    while (true) {
      var r = ch.receiveResult();
      if (!r.isValue()) return out;
      out.add(r.value());
    }
  }

  /** Drains every output concurrently (so a tee or split cannot stall) and returns their items. */
  static <T> List<List<T>> drainAll(List<ReceiveChannel<T>> outs) throws InterruptedException {
    List<List<T>> lists = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (ReceiveChannel<T> out : outs) {
      List<T> list = new ArrayList<>();
      lists.add(list);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      list.addAll(drain(out));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    for (Thread t : threads) t.join(); // join: the lists are safely published
    return lists;
  }

  /** Waits until {@code ch} holds {@code n} items (a fan thread filled its buffer). */
  static void awaitLen(ReceiveChannel<?> ch, int n) {
    Waiting.until("len >= " + n, () -> ch.len() >= n);
  }

  /**
   * Waits until the fan closed {@code out} (its thread is ending), so a test can then drain it
   * without racing a send that the cancellation was about to abandon.
   */
  static void awaitClosedBySender(ReceiveChannel<?> out) {
    Channel<?> ch = (Channel<?>) out; // ReceiveChannel is sealed: every instance is a Channel
    Waiting.until("closed by its sender", ch::isClosedForSend);
  }

  /** Waits until {@code ch} holds at most {@code n} items (a fan thread took from it). */
  static void awaitLenAtMost(ReceiveChannel<?> ch, int n) {
    Waiting.until("len <= " + n, () -> ch.len() <= n);
  }
}
