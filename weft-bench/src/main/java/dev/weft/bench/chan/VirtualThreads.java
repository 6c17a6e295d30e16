package dev.weft.bench.chan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Runs the parties of a shape on virtual threads and waits for all of them. */
final class VirtualThreads {

  /** One party of a shape: a loop of blocking channel operations. */
  @FunctionalInterface
  interface Party {
    void run() throws Exception;
  }

  private final List<Party> parties = new ArrayList<>();

  /** Adds a party; it starts in {@link #runAll()}. */
  VirtualThreads add(Party party) {
    parties.add(party);
    return this;
  }

  /**
   * Starts every party on its own virtual thread and waits until all ended. If one fails, the
   * others are interrupted (so that none stays blocked on a partner that is gone) and the first
   * failure is thrown. If the waiting thread is interrupted (JMH's timeout), all parties are
   * interrupted and {@link InterruptedException} is thrown.
   */
  void runAll() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] threads = new Thread[parties.size()];
    Thread.Builder builder = Thread.ofVirtual();
    for (int i = 0; i < threads.length; i++) {
      Party party = parties.get(i);
      threads[i] =
          builder.unstarted(
              () -> {
                try {
                  party.run();
                } catch (Throwable t) {
                  if (failure.compareAndSet(null, t)) interruptAll(threads);
                }
              });
    }
    for (Thread t : threads) t.start();
    try {
      for (Thread t : threads) t.join();
    } catch (InterruptedException e) {
      interruptAll(threads);
      throw e;
    }
    Throwable t = failure.get();
    if (t instanceof Exception e) throw e;
    if (t instanceof Error e) throw e;
  }

  private static void interruptAll(Thread[] threads) {
    for (Thread t : threads) {
      if (t != null) t.interrupt();
    }
  }
}
