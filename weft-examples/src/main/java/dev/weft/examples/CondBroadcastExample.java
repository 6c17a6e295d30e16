package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.sync.Cond;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A condition variable: waiting, with a lock held, for state that other threads change, and waking
 * every waiter with {@code broadcast} (Go's {@code sync.Cond}); then the closed channel that Go
 * prefers for a one-shot event.
 *
 * <p>Part 1: four workers wait for a {@code ready} flag with the textbook loop {@code while
 * (!ready) cond.await()}. {@code await} releases the lock while waiting and takes it back before
 * returning. Main waits, on a second cond over the same lock, until all four have arrived; sets
 * {@code ready} and calls {@code broadcast()}, which wakes all of them ({@code signal()} would wake
 * one).
 *
 * <p>Part 2: waiting for the next event rather than for a state. A publisher bumps a generation
 * number and broadcasts; each subscriber remembers the generation it has seen and waits {@code
 * while (generation == seen)}, so a spurious wake-up or a broadcast meant for someone else sends it
 * back to waiting. The publisher waits, on the second cond, until every subscriber has acknowledged
 * a generation before it publishes the next, so no generation is skipped. A broadcast reaches only
 * the threads waiting at that moment; the generation number is what a late thread looks at.
 *
 * <p>Part 3: the same "ready" as a channel that is closed: every receiver returns, a receiver that
 * comes late returns at once, and the wait can sit in a {@code Select} next to a timeout, which a
 * cond cannot. For a one-shot event prefer the channel; the {@code cond-signal} example shows a
 * channel closed and replaced on every change. Keep a cond for predicates over state already
 * guarded by a lock, with several kinds of waiters.
 *
 * <p>What to look for: 4 waiting before the broadcast and 0 after; every subscriber sees
 * generations 1, 2 and 3, none skipped; the late receiver of the closed channel does not wait.
 */
final class CondBroadcastExample implements Example {

  private static final int WORKERS = 4;
  private static final int SUBSCRIBERS = 3;
  private static final int GENERATIONS = 3;

  @Override
  public String name() {
    return "cond-broadcast";
  }

  @Override
  public String description() {
    return "a condition variable: wait in a loop, wake all with broadcast, count generations; or close a channel";
  }

  @Override
  public String goIdiom() {
    return "Go's `sync.Cond` with `Wait` in a `for` loop and `Broadcast`, next to a closed `chan struct{}`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    readyFlag(out);
    generations(out);
    closedChannel(out);
  }

  private static void readyFlag(PrintStream out) throws InterruptedException {
    ReentrantLock lock = new ReentrantLock();
    Cond readyCond = new Cond(lock);
    Cond arrivedCond = new Cond(lock);
    boolean[] ready = {false}; // guarded by lock
    int[] arrived = {0}; // guarded by lock
    List<String> woke = new ArrayList<>(); // guarded by lock

    out.println("part 1: broadcast wakes every waiter of a 'ready' flag");
    WaitGroup workers = new WaitGroup();
    for (int w = 1; w <= WORKERS; w++) {
      String me = "worker " + w;
      workers.go(() -> {
        lock.lock();
        try {
          arrived[0]++;
          arrivedCond.signal();
          while (!ready[0]) readyCond.await(); // releases the lock while waiting
          woke.add(me);
        } finally {
          lock.unlock();
        }
      });
    }
    lock.lock();
    try {
      // Each worker joined readyCond's queue before it let go of the lock, so now all 4 wait.
      while (arrived[0] < WORKERS) arrivedCond.await();
      out.println("  " + readyCond.waiting() + " workers wait for ready");
      ready[0] = true;
      readyCond.broadcast();
      out.println("  ready = true; broadcast(); still waiting: " + readyCond.waiting());
    } finally {
      lock.unlock();
    }
    workers.await();
    woke.stream().sorted().forEach(w -> out.println("  " + w + " saw ready"));
  }

  private static void generations(PrintStream out) throws InterruptedException {
    ReentrantLock lock = new ReentrantLock();
    Cond published = new Cond(lock);
    Cond acked = new Cond(lock);
    int[] generation = {0}; // guarded by lock
    int[] acks = {0}; // guarded by lock
    List<List<Integer>> seenBy = new ArrayList<>();
    for (int s = 0; s < SUBSCRIBERS; s++) seenBy.add(new ArrayList<>());

    out.println("part 2: wait for the next generation, not for a state");
    WaitGroup subscribers = new WaitGroup();
    for (int s = 0; s < SUBSCRIBERS; s++) {
      List<Integer> mine = seenBy.get(s);
      subscribers.go(() -> {
        lock.lock();
        try {
          int seen = 0;
          while (seen < GENERATIONS) {
            while (generation[0] == seen) published.await(); // the next one, whatever woke us
            seen = generation[0];
            mine.add(seen);
            acks[0]++;
            acked.signal();
          }
        } finally {
          lock.unlock();
        }
      });
    }
    for (int g = 1; g <= GENERATIONS; g++) {
      lock.lock();
      try {
        generation[0] = g;
        published.broadcast();
        while (acks[0] < g * SUBSCRIBERS) acked.await(); // everyone saw g before g + 1
        out.println("  generation " + g + ": all " + SUBSCRIBERS + " subscribers woke");
      } finally {
        lock.unlock();
      }
    }
    subscribers.await();
    for (int s = 0; s < SUBSCRIBERS; s++) {
      out.println("  subscriber " + (s + 1) + " saw generations " + seenBy.get(s));
    }
  }

  private static void closedChannel(PrintStream out) throws InterruptedException {
    out.println("part 3: the channel alternative for a one-shot 'ready'");
    Channel<Void> ready = Channel.unbuffered(); // never sent to: closing it is the event
    WaitGroup workers = new WaitGroup();
    for (int w = 0; w < WORKERS; w++) workers.go(ready::receiveResult);
    ready.close();
    workers.await();
    out.println("  " + WORKERS + " workers returned from receive once the channel was closed");
    out.println("  a late worker: receive returns at once: " + ready.receiveResult());
    Channel<Void> never = Channel.unbuffered();
    String r = new Select<String>()
        .onReceive(never, v -> "ready")
        .onTimeout(Duration.ofMillis(50), () -> "timed out")
        .select();
    out.println("  select on a channel nobody closes, with a 50 ms timeout: " + r);
  }
}
