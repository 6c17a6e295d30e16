package dev.weft.flow.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A test handler that records what it handles; optionally stalls on its first message until
 * {@link #release()}, to play a slow subscriber.
 */
final class Recorder implements MessageHandler<Integer> {

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Integer> seen = new ArrayList<>(); // guarded by lock
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch gate;

  private Recorder(boolean stalled) {
    gate = new CountDownLatch(stalled ? 1 : 0);
  }

  /** Handles every message at once. */
  static Recorder fast() {
    return new Recorder(false);
  }

  /** Blocks in its first message until released. */
  static Recorder stalled() {
    return new Recorder(true);
  }

  @Override
  public void handle(Integer message) throws InterruptedException {
    lock.lock();
    try {
      seen.add(message);
    } finally {
      lock.unlock();
    }
    entered.countDown();
    gate.await();
  }

  /** Waits until the first message is being handled. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(10, TimeUnit.SECONDS)) throw new AssertionError("handler never entered");
  }

  void release() {
    gate.countDown();
  }

  List<Integer> seen() {
    lock.lock();
    try {
      return List.copyOf(seen);
    } finally {
      lock.unlock();
    }
  }

  int count() {
    lock.lock();
    try {
      return seen.size();
    } finally {
      lock.unlock();
    }
  }
}
