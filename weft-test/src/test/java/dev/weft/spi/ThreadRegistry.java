package dev.weft.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test double of weft-core's thread registry, with the same public static methods: weft-test
 * cannot depend on weft-core (docs/adr/0001), so its tests put this class on the class path under
 * the same name, and the leak detector finds it reflectively exactly as it finds the real one.
 *
 * <p>Keep the signatures of {@link #start(String, Runnable)}, {@link #live()} and {@link
 * #recordCreationSites(boolean)} in step with {@code
 * weft-core/src/main/java/dev/weft/spi/ThreadRegistry.java}.
 */
public final class ThreadRegistry {

  private record Entry(Throwable creationSite) {}

  private static final Map<Thread, Entry> LIVE = new ConcurrentHashMap<>();
  private static final AtomicLong SEQ = new AtomicLong();
  private static volatile boolean recordSites;

  private ThreadRegistry() {}

  /** Starts a virtual thread named {@code "weft-" + purpose + "-" + n}. */
  public static Thread start(String purpose, Runnable task) {
    String name = "weft-" + purpose + "-" + SEQ.incrementAndGet();
    Thread t =
        Thread.ofVirtual()
            .name(name)
            .unstarted(
                () -> {
                  try {
                    task.run();
                  } finally {
                    LIVE.remove(Thread.currentThread());
                  }
                });
    Throwable site = recordSites ? new Throwable("thread " + name + " was started here") : null;
    LIVE.put(t, new Entry(site));
    t.start();
    return t;
  }

  /** Turns the recording of creation stacks on or off. */
  public static void recordCreationSites(boolean on) {
    recordSites = on;
  }

  /** Whether creation stacks are recorded. */
  public static boolean recordingCreationSites() {
    return recordSites;
  }

  /** Live threads mapped to their creation site or {@code null}. */
  public static Map<Thread, Throwable> live() {
    Map<Thread, Throwable> out = new LinkedHashMap<>();
    LIVE.forEach(
        (t, e) -> {
          if (t.isAlive()) out.put(t, e.creationSite());
        });
    return Collections.unmodifiableMap(out);
  }
}
