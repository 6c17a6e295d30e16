package dev.weft.chan;

import java.util.ArrayList;
import java.util.List;

/** Inspection helpers for channel tests. */
final class Channels {
  private Channels() {}

  /** Queued send nodes, live or stale (package-private hook on the implementation). */
  static int waitingSenders(Channel<?> ch) {
    return ((ChannelImpl<?>) ch).waitingSenders();
  }

  /** Queued receive nodes, live or stale. */
  static int waitingReceivers(Channel<?> ch) {
    return ((ChannelImpl<?>) ch).waitingReceivers();
  }

  /** Waiters counted by both queues' {@link WaitQueue#waiting()}: queued nodes plus registrations. */
  static int registered(Channel<?> ch) {
    return ((ChannelImpl<?>) ch).registered();
  }

  /** Takes every value available without waiting, in order. */
  static <E> List<E> drainNow(Channel<E> ch) {
    List<E> out = new ArrayList<>();
    while (ch.tryReceive() instanceof ReceiveResult.Value<E>(E v)) out.add(v);
    return out;
  }

  /** Fills {@code ch}'s buffer with 0, 1, ..., cap-1 without waiting. */
  static void fill(Channel<Integer> ch) {
    for (int i = 0; i < ch.cap(); i++) {
      if (!ch.trySend(i).isSent()) throw new AssertionError("could not fill " + ch + " at " + i);
    }
  }

  /** 0, 1, ..., n-1. */
  static List<Integer> range(int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) l.add(i);
    return l;
  }
}
