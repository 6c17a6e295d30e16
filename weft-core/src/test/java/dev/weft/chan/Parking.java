package dev.weft.chan;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Recognises a thread blocked inside weft, from its state and stack. */
final class Parking {
  private Parking() {}

  /**
   * Whether {@code t} is parked in weft code: waiting or timed-waiting with a {@code dev.weft}
   * frame on its stack and not inside a lock acquisition (a thread queued on a channel's lock is
   * also WAITING, but it has not yet reached the operation's wait).
   */
  static boolean isParkedInWeft(Thread t) {
    if (!isWaiting(t)) return false;
    StackTraceElement[] stack = t.getStackTrace();
    boolean inWeft = false;
    for (StackTraceElement e : stack) {
      String c = e.getClassName();
      if (c.startsWith("java.util.concurrent.locks.AbstractQueuedSynchronizer")
          || c.startsWith("java.util.concurrent.locks.ReentrantLock")) {
        return false;
      }
      if (c.startsWith("dev.weft.")) {
        inWeft = true;
        break;
      }
    }
    return inWeft && isWaiting(t); // still waiting after the stack was taken
  }

  private static boolean isWaiting(Thread t) {
    Thread.State s = t.getState();
    return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  static String stackOf(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .map(e -> "\tat " + e)
        .collect(Collectors.joining(System.lineSeparator()));
  }
}
