package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waking every waiter on a state change: close a "changed" channel and replace it (Go's idiom in
 * place of {@code sync.Cond.Broadcast}).
 *
 * <p>{@link Config} holds a version and a channel that is closed when the version changes. A
 * reader takes both together; to wait for a change it receives from that channel, which returns
 * as soon as it is closed. {@code set} swaps in a fresh channel and closes the old one, so every
 * reader of the old version wakes, however many there are, and however late they arrive. Unlike a
 * condition variable there is no missed signal: a reader that looks after the change finds the
 * channel already closed. And the wait can sit in a {@code Select} next to a timeout or a context.
 *
 * <p>Part 1 shows that one change wakes all five waiters. Part 2 is the usual loop, {@code while
 * (!condition) wait for a change}: waiter {@code n} needs version {@code n}; each change wakes all
 * of them, and the one whose condition now holds returns.
 *
 * <p>What to look for: all five waiters wake on version 1; then waiters 2, 3 and 4 return in
 * order, each right after its version was set.
 */
final class CondSignalExample implements Example {

  /** A versioned value whose changes are broadcast by closing a channel. */
  static final class Config {
    record Snapshot(int version, ReceiveChannel<Void> changed) {}

    private final ReentrantLock lock = new ReentrantLock();
    private int version; // guarded by lock
    private Channel<Void> changed = Channel.unbuffered(); // guarded by lock; closed on change

    Snapshot get() {
      lock.lock();
      try {
        return new Snapshot(version, changed);
      } finally {
        lock.unlock();
      }
    }

    void set(int newVersion) {
      Channel<Void> old;
      lock.lock();
      try {
        version = newVersion;
        old = changed;
        changed = Channel.unbuffered();
      } finally {
        lock.unlock();
      }
      old.close(); // wakes everyone who read the previous version
    }
  }

  @Override
  public String name() {
    return "cond-signal";
  }

  @Override
  public String description() {
    return "wake all waiters on a state change by closing a channel that is then replaced";
  }

  @Override
  public String goIdiom() {
    return "Go's closed-and-replaced channel, in place of `sync.Cond.Broadcast`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Config config = new Config();
    Channel<String> reports = Channel.buffered(5);
    WaitGroup waiters = new WaitGroup();

    // Part 1: one change wakes every waiter.
    Config.Snapshot v0 = config.get();
    for (int w = 1; w <= 5; w++) {
      String me = "waiter " + w;
      waiters.go(() -> {
        v0.changed().receiveResult(); // closed, not sent to: every receiver returns
        reports.send(me + " woke, sees version " + config.get().version());
      });
    }
    out.println("part 1: set version 1");
    config.set(1);
    List<String> woken = new ArrayList<>();
    for (int w = 1; w <= 5; w++) woken.add(reports.receive());
    woken.stream().sorted().forEach(r -> out.println("  " + r));

    // Part 2: wait in a loop until the condition holds.
    for (int target = 2; target <= 4; target++) {
      int needed = target;
      waiters.go(() -> {
        Config.Snapshot s = config.get();
        while (s.version() < needed) {
          s.changed().receiveResult(); // wait for the next change, then look again
          s = config.get();
        }
        reports.send("waiter for version " + needed + " returns (version is " + s.version() + ")");
      });
    }
    for (int version = 2; version <= 4; version++) {
      out.println("part 2: set version " + version);
      config.set(version);
      out.println("  " + reports.receive());
    }
    waiters.await();
  }
}
