package dev.weft.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds threads that weft started and that are still running: Go's goleak for virtual threads.
 *
 * <p>Call {@link #verifyNone()} at the end of a test (or let {@link LeakCheckExtension} do it for
 * every test). It looks for live weft threads; if there are any, it looks again after a short
 * pause, doubling the pause from 1 µs up to {@link LeakOptions#maxSleep()} (100 ms), because a
 * thread that was just told to stop may need a moment to end. If threads are still alive after
 * {@link LeakOptions#maxWait()} (2 s), it throws {@link LeakedThreadsError} listing each one with
 * its name, state, current stack and creation site.
 *
 * <pre>{@code
 * @Test
 * void stopEndsEveryThread() {
 *   LeakOptions baseline = LeakOptions.defaults().ignoreCurrent();
 *   MyService service = MyService.start();   // starts weft threads
 *   service.stop();
 *   LeakDetector.verifyNone(baseline);       // waits up to 2 s for them to end
 * }
 * }</pre>
 *
 * <p><b>Where threads come from.</b> By default from weft-core's registry of the threads it
 * started, and of those applications start with {@code dev.weft.sync.Threads} ({@link
 * ThreadSource#WEFT_REGISTRY}), read reflectively because weft-test does not
 * depend on weft-core (docs/adr/0001). Without weft-core on the class path that registry is empty
 * and nothing is reported. {@link ThreadSource#THREAD_DUMP} instead takes a whole-process JSON
 * thread dump and checks the threads named {@code weft-*}; {@link #allThreadsDump()} returns every
 * thread of the JVM, virtual threads included, for checks of your own.
 *
 * <p><b>Creation sites.</b> weft records where each thread was started only when asked, because
 * it costs a stack walk per thread: call {@link #recordCreationSites(boolean)} (the extension
 * does) or set the system property {@code weft.threads.recordCreationSites=true}.
 *
 * <p><b>Thread safety.</b> All methods may be called from any thread at any time. The thread
 * calling {@link #find} or {@link #verifyNone} is never reported, so a check may run on a weft
 * thread.
 */
public final class LeakDetector {

  /** The name prefix of every thread weft starts; {@link ThreadSource#THREAD_DUMP} looks for it. */
  public static final String WEFT_THREAD_PREFIX = "weft-";

  private static final long FIRST_SLEEP_NANOS = 1_000; // 1 µs, as in goleak

  private LeakDetector() {}

  /**
   * Whether weft-core's thread registry is on the class path; without it {@link
   * ThreadSource#WEFT_REGISTRY} finds no threads.
   *
   * @return whether weft-core's thread registry is on the class path; without it {@link
   *     ThreadSource#WEFT_REGISTRY} finds no threads
   * @throws IllegalStateException if the registry is there but from an incompatible weft-core
   */
  public static boolean registryAvailable() {
    return WeftRegistry.available();
  }

  /**
   * Turns on (or off) the recording of creation sites for weft threads started from now on.
   * Affects the whole JVM. Threads started while it was off are reported without a site.
   *
   * @param on the thread that waits
   * @return whether weft-core's registry exists; if not, this call does nothing
   * @throws IllegalStateException if the registry is there but from an incompatible weft-core
   */
  public static boolean recordCreationSites(boolean on) {
    return WeftRegistry.recordCreationSites(on);
  }

  /**
   * The live weft threads per {@link LeakOptions#defaults()}; see {@link #find(LeakOptions)}.
   *
   * @return the live weft threads per {@link LeakOptions#defaults()}; see {@link
   *     #find(LeakOptions)}
   */
  public static List<LiveThread> find() {
    return find(LeakOptions.defaults());
  }

  /**
   * Looks once, without waiting, for live weft threads in {@link LeakOptions#source()} that no
   * ignore rule matches; the calling thread is never included.
   *
   * @param options where to look, how long to wait, and which threads to ignore
   * @return the leaked threads found; empty if there are none
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException if the registry is incompatible, or a thread dump is malformed
   * @throws java.io.UncheckedIOException if a thread dump cannot be written or read
   */
  public static List<LiveThread> find(LeakOptions options) {
    Objects.requireNonNull(options, "LeakDetector: options is null");
    Thread self = Thread.currentThread();
    List<LiveThread> candidates =
        switch (options.source()) {
          case WEFT_REGISTRY -> WeftRegistry.live(self);
          case THREAD_DUMP -> weftThreadsInDump(self.threadId());
        };
    List<LiveThread> out = new ArrayList<>(candidates.size());
    for (LiveThread t : candidates) {
      if (!options.isIgnored(t)) out.add(t);
    }
    return List.copyOf(out);
  }

  /**
   * {@link #verifyNone(LeakOptions)} with {@link LeakOptions#defaults()}.
   *
   * @throws LeakedThreadsError if weft threads are still alive after 2 s
   */
  public static void verifyNone() {
    verifyNone(LeakOptions.defaults());
  }

  /**
   * Returns once {@link #find(LeakOptions)} finds no thread; throws if it still finds some after
   * {@link LeakOptions#maxWait()}.
   *
   * <p>Returns at once when nothing leaks. Otherwise looks again after pauses of 1 µs, 2 µs, 4 µs,
   * ... capped at {@link LeakOptions#maxSleep()}, until the threads have ended or {@code maxWait}
   * has passed; the last pause is cut short so that the final look happens at {@code maxWait}.
   *
   * <p>Interruption: if the calling thread is interrupted on entry or while pausing, this stops
   * waiting, looks one last time, and either returns or throws as that look says; the interrupt
   * status stays set.
   *
   * @param options where to look, how long to wait, and which threads to ignore
   * @throws LeakedThreadsError with the threads of the last look, if any
   * @throws NullPointerException if {@code options} is null
   * @throws IllegalStateException if the registry is incompatible, or a thread dump is malformed
   * @throws java.io.UncheckedIOException if a thread dump cannot be written or read
   */
  public static void verifyNone(LeakOptions options) {
    verifyNone(options, "after the check");
  }

  /** {@link #verifyNone(LeakOptions)}, describing the check as {@code where} in the error. */
  static void verifyNone(LeakOptions options, String where) {
    Objects.requireNonNull(options, "LeakDetector: options is null");
    long maxWait = saturatedNanos(options.maxWait());
    long maxSleep = saturatedNanos(options.maxSleep());
    long start = System.nanoTime();
    long sleep = Math.min(FIRST_SLEEP_NANOS, maxSleep);
    boolean interrupted = false;
    while (true) {
      List<LiveThread> leaks = find(options);
      if (leaks.isEmpty()) return;
      long elapsed = System.nanoTime() - start;
      long remaining = maxWait - elapsed;
      if (remaining <= 0 || interrupted) {
        String suffix = interrupted ? " (interrupted while waiting)" : "";
        throw new LeakedThreadsError(where + suffix, Duration.ofNanos(elapsed), leaks);
      }
      try {
        Thread.sleep(Duration.ofNanos(Math.min(sleep, remaining)));
      } catch (InterruptedException e) {
        interrupted = true;
        Thread.currentThread().interrupt(); // never swallowed: the caller sees the flag
      }
      sleep = sleep > maxSleep / 2 ? maxSleep : sleep * 2;
    }
  }

  /**
   * Every thread of this JVM, platform and virtual, from a JSON thread dump ({@code
   * HotSpotDiagnosticMXBean.dumpThreads}), in the dump's order. Unlike {@link
   * Thread#getAllStackTraces()} this includes virtual threads that weft did not start. Costs a
   * file write and read; threads have no creation site.
   *
   * @return every thread of this JVM, platform and virtual, from a JSON thread dump ({@code
   *     HotSpotDiagnosticMXBean.dumpThreads}), in the dump's order
   * @throws IllegalStateException if the dump is malformed
   * @throws java.io.UncheckedIOException if the dump cannot be written or read
   */
  public static List<LiveThread> allThreadsDump() {
    return ThreadDump.all();
  }

  private static List<LiveThread> weftThreadsInDump(long selfTid) {
    List<LiveThread> out = new ArrayList<>();
    for (LiveThread t : ThreadDump.all()) {
      if (t.name().startsWith(WEFT_THREAD_PREFIX) && t.tid() != selfTid) out.add(t);
    }
    return out;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
