package dev.weft.spi;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registry of tracked threads whose task has not returned: every thread weft starts, and the
 * threads applications start through {@code dev.weft.sync.Threads}.
 *
 * <p>A thread is registered before it starts and removed when its task returns, so {@link
 * #live()} lists exactly the tracked threads whose work has not finished. The leak detector in
 * {@code weft-test} reads this class reflectively, by name, through {@link #live()} and {@link
 * #recordCreationSites(boolean)}, whose signatures use only JDK types: weft-test cannot depend on
 * weft-core, whose own tests it checks (see {@code
 * docs/adr/0001-leak-detector-without-core-dependency.md}). weft-test's tests hold a stand-in with
 * the same name and those methods; keep the two in step.
 *
 * <p>Recording where a thread was created costs a stack walk, so it is off unless {@link
 * #recordCreationSites(boolean)} turned it on (the leak detector does) or the system property
 * {@code weft.threads.recordCreationSites} is {@code true}.
 *
 * <p>For weft's own modules and integrators only; see the {@linkplain dev.weft.spi package
 * documentation}.
 */
public final class ThreadRegistry {

  /*
   * Implementation notes. A started thread is in LIVE (strongly: the leak detector must see it
   * even when nothing else references it) from before start() until its task returns. A thread
   * made by unstartedNamed() is in PENDING, weakly, until its task begins and moves it to LIVE:
   * one that is never started is simply collected. A thread that was started but has not begun
   * its task yet is alive, hence strongly reachable, hence still in PENDING, so live() never
   * misses it.
   */

  private record Entry(Throwable creationSite) {}

  private static final class Pending extends WeakReference<Thread> {
    final long id;
    final Entry entry;

    Pending(Thread t, Entry entry) {
      super(t, CLEARED);
      this.id = t.threadId();
      this.entry = entry;
    }
  }

  private static final Map<Thread, Entry> LIVE = new ConcurrentHashMap<>();
  private static final Map<Long, Pending> PENDING = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Thread> CLEARED = new ReferenceQueue<>();
  private static final AtomicLong SEQ = new AtomicLong();
  private static volatile boolean recordSites =
      Boolean.getBoolean("weft.threads.recordCreationSites");

  private ThreadRegistry() {}

  /**
   * Starts a tracked virtual thread named {@code "weft-" + purpose + "-" + n} running {@code
   * task}: how weft's own modules start threads.
   *
   * @param purpose short name used in the thread name
   * @param task what the thread runs
   * @return the started thread
   * @throws NullPointerException if an argument is null
   */
  public static Thread start(String purpose, Runnable task) {
    if (purpose == null) throw new NullPointerException("ThreadRegistry: purpose is null");
    return startNamed("weft-" + purpose + "-" + SEQ.incrementAndGet(), task);
  }

  /**
   * Starts a tracked virtual thread named {@code name} running {@code task}.
   *
   * @param name the thread's name
   * @param task what the thread runs
   * @return the started thread
   * @throws NullPointerException if an argument is null
   */
  public static Thread startNamed(String name, Runnable task) {
    if (name == null) throw new NullPointerException("ThreadRegistry: name is null");
    if (task == null) throw new NullPointerException("ThreadRegistry: task is null");
    Thread t = Thread.ofVirtual().name(name).unstarted(() -> runThenForget(task));
    LIVE.put(t, new Entry(site(name, "started")));
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      LIVE.remove(t);
      throw e;
    }
    return t;
  }

  /**
   * A tracked, unstarted virtual thread named {@code name} that runs {@code task}, for a {@link
   * java.util.concurrent.ThreadFactory}. It is tracked from now on; if it is never started it is
   * never reported and the registry forgets it once it is garbage.
   *
   * @param name the thread's name
   * @param task what the thread runs
   * @return the unstarted thread
   * @throws NullPointerException if an argument is null
   */
  public static Thread unstartedNamed(String name, Runnable task) {
    if (name == null) throw new NullPointerException("ThreadRegistry: name is null");
    if (task == null) throw new NullPointerException("ThreadRegistry: task is null");
    Entry entry = new Entry(site(name, "created"));
    Thread t =
        Thread.ofVirtual()
            .name(name)
            .unstarted(
                () -> {
                  Thread me = Thread.currentThread();
                  LIVE.put(me, entry);
                  PENDING.remove(me.threadId());
                  runThenForget(task);
                });
    expunge();
    PENDING.put(t.threadId(), new Pending(t, entry));
    return t;
  }

  /**
   * Turns the recording of creation stacks on or off for threads created from now on.
   *
   * @param on whether to record
   */
  public static void recordCreationSites(boolean on) {
    recordSites = on;
  }

  /**
   * Whether creation stacks are recorded.
   *
   * @return {@code true} if threads created now record where
   */
  public static boolean recordingCreationSites() {
    return recordSites;
  }

  /**
   * The tracked threads that are alive and whose task has not returned, each mapped to its
   * creation site (a {@link Throwable} whose stack is where it was created) or {@code null}.
   *
   * @return a snapshot, unmodifiable
   */
  public static Map<Thread, Throwable> live() {
    expunge();
    Map<Thread, Throwable> out = new LinkedHashMap<>();
    LIVE.forEach(
        (t, e) -> {
          if (t.isAlive()) out.put(t, e.creationSite());
        });
    for (Pending p : PENDING.values()) {
      Thread t = p.get();
      if (t != null && t.isAlive() && !out.containsKey(t)) out.put(t, p.entry.creationSite());
    }
    return Collections.unmodifiableMap(out);
  }

  private static void runThenForget(Runnable task) {
    try {
      task.run();
    } finally {
      LIVE.remove(Thread.currentThread());
    }
  }

  private static Throwable site(String name, String verb) {
    return recordSites ? new Throwable("thread " + name + " was " + verb + " here") : null;
  }

  private static void expunge() {
    for (Object r; (r = CLEARED.poll()) != null; ) {
      Pending p = (Pending) r;
      PENDING.remove(p.id, p);
    }
  }
}
