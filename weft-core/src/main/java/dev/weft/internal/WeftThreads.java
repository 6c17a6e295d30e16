package dev.weft.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only place weft starts threads, and the registry of those still running.
 *
 * <p>Every thread weft starts (tasks of groups and pools, {@code afterFunc} callbacks, the timer
 * service) comes from {@link #start}. The thread is registered before it starts and removed when
 * its task returns, so {@link #live()} lists exactly the weft threads whose work has not finished.
 * The leak detector in {@code weft-test} reads this registry reflectively (it cannot depend on
 * weft-core, whose own tests it checks: see {@code docs/adr/0001-leak-detector-without-core-dependency.md}).
 *
 * <p>Recording where a thread was created costs a stack walk, so it is off unless
 * {@link #recordCreationSites(boolean)} turned it on (the leak detector does) or the system
 * property {@code weft.threads.recordCreationSites} is {@code true}.
 *
 * <p>Service threads (the shared timer thread) are registered with {@code service = true}; the
 * leak detector ignores them because they belong to weft, not to any one test.
 */
public final class WeftThreads {

  /** A registered thread: where it was started (or {@code null} when not recorded). */
  record Entry(String name, boolean service, Throwable creationSite) {}

  private static final Map<Thread, Entry> LIVE = new ConcurrentHashMap<>();
  private static final AtomicLong SEQ = new AtomicLong();
  private static volatile boolean recordSites = Boolean.getBoolean("weft.threads.recordCreationSites");

  private WeftThreads() {}

  /**
   * Starts a virtual thread named {@code "weft-" + purpose + "-" + n} running {@code task}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Thread start(String purpose, Runnable task) {
    return start(purpose, task, false, true);
  }

  /**
   * Starts a thread; platform daemon threads are for weft's own services only.
   *
   * @param purpose short name used in the thread name
   * @param task what the thread runs
   * @param service whether this is a long-lived weft service (ignored by the leak detector)
   * @param virtual whether to start a virtual thread
   */
  public static Thread start(String purpose, Runnable task, boolean service, boolean virtual) {
    if (purpose == null) throw new NullPointerException("WeftThreads: purpose is null");
    if (task == null) throw new NullPointerException("WeftThreads: task is null");
    String name = "weft-" + purpose + "-" + SEQ.incrementAndGet();
    Thread.Builder builder = virtual ? Thread.ofVirtual().name(name) : Thread.ofPlatform().name(name).daemon(true);
    Thread t =
        builder.unstarted(
            () -> {
              try {
                task.run();
              } finally {
                LIVE.remove(Thread.currentThread());
              }
            });
    Throwable site = recordSites ? new Throwable("weft thread " + name + " was started here") : null;
    LIVE.put(t, new Entry(name, service, site));
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      LIVE.remove(t);
      throw e;
    }
    return t;
  }

  /**
   * An unstarted platform daemon thread for a weft service (such as the shared timer), registered
   * as a service so the leak detector ignores it. Used as an executor's thread factory.
   */
  public static Thread unstartedService(String purpose, Runnable task) {
    String name = "weft-" + purpose + "-" + SEQ.incrementAndGet();
    Thread t =
        Thread.ofPlatform()
            .name(name)
            .daemon(true)
            .unstarted(
                () -> {
                  try {
                    task.run();
                  } finally {
                    LIVE.remove(Thread.currentThread());
                  }
                });
    LIVE.put(t, new Entry(name, true, null));
    return t;
  }

  /** Turns the recording of creation stacks on or off for threads started from now on. */
  public static void recordCreationSites(boolean on) {
    recordSites = on;
  }

  /** Whether creation stacks are recorded. */
  public static boolean recordingCreationSites() {
    return recordSites;
  }

  /**
   * The weft threads whose task has not returned, excluding service threads, each mapped to its
   * creation site (a {@link Throwable} whose stack is where it was started) or {@code null}.
   * Uses only JDK types so that the leak detector can call it reflectively.
   */
  public static Map<Thread, Throwable> live() {
    Map<Thread, Throwable> out = new LinkedHashMap<>();
    LIVE.forEach(
        (t, e) -> {
          if (!e.service() && t.isAlive()) out.put(t, e.creationSite());
        });
    return Collections.unmodifiableMap(out);
  }

  /** Number of live non-service weft threads (cheap, for diagnostics). */
  public static int liveCount() {
    int n = 0;
    for (Entry e : LIVE.values()) if (!e.service()) n++;
    return n;
  }
}
