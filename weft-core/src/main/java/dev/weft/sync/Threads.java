package dev.weft.sync;

import dev.weft.spi.ThreadRegistry;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts virtual threads that weft's leak detector tracks, exactly as it tracks the threads weft
 * starts for its groups, pools and timers.
 *
 * <p><b>Mental model.</b> A thread from {@link #start} or from a {@link #factory} is tracked from
 * when it is created until its task returns. While tracked and alive it is reported by {@code
 * dev.weft.test.LeakDetector} (and by the JUnit extension that checks every test) with its name,
 * stack and, when recording is on, where it was created. Use it for the threads your own code
 * starts next to weft's, so a test that forgets to stop them fails the same way.
 *
 * <pre>{@code
 * Thread poller = Threads.start("inventory-poller", () -> poll(ctx));
 *
 * try (ExecutorService exec = Executors.newThreadPerTaskExecutor(Threads.factory("crawler-"))) {
 *   urls.forEach(u -> exec.submit(() -> fetch(u)));
 * }
 * }</pre>
 *
 * <p>The threads are plain virtual threads otherwise: same interruption, same uncaught-exception
 * handling. Names are yours; only threads named {@code "weft-..."} are found by the leak
 * detector's thread-dump source, while its default source, the registry, finds every tracked
 * thread whatever its name. A thread the factory made but nobody started is never reported and
 * is forgotten once it is garbage.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #start} or before
 * {@code Thread.start()} on a factory thread <i>happen-before</i> the task begins, as for any
 * {@link Thread#start()}.
 *
 * <p>All methods are thread-safe. This class lives in {@code dev.weft.sync}, weft-core's top
 * floor, beside {@link WaitGroup} and {@link ErrGroup} that start tracked threads too; the lower
 * packages ({@code dev.weft.chan}, {@code dev.weft.context}) start theirs through {@code
 * dev.weft.spi.ThreadRegistry}, which this class also uses.
 */
public final class Threads {

  private Threads() {}

  /**
   * Starts a tracked virtual thread named {@code name} running {@code task}.
   *
   * @param name the thread's name, not blank
   * @param task what the thread runs
   * @return the started thread
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public static Thread start(String name, Runnable task) {
    Objects.requireNonNull(name, "Threads: name is null");
    Objects.requireNonNull(task, "Threads: task is null");
    if (name.isBlank()) throw new IllegalArgumentException("Threads: name is blank");
    return ThreadRegistry.startNamed(name, task);
  }

  /**
   * A factory of tracked virtual threads named {@code prefix} followed by 0, 1, 2, ... in the
   * order the factory made them (as {@link Thread.Builder#name(String, long) name(prefix, 0)}).
   * Each thread is tracked from {@link ThreadFactory#newThread newThread}; starting it is up to
   * the caller, usually an executor.
   *
   * @param prefix the start of every thread's name, not blank
   * @return a new factory, thread-safe; its {@code newThread} throws {@link NullPointerException}
   *     for a null task
   * @throws IllegalArgumentException if {@code prefix} is blank
   * @throws NullPointerException if {@code prefix} is null
   */
  public static ThreadFactory factory(String prefix) {
    Objects.requireNonNull(prefix, "Threads: prefix is null");
    if (prefix.isBlank()) throw new IllegalArgumentException("Threads: prefix is blank");
    AtomicLong next = new AtomicLong();
    return task -> {
      Objects.requireNonNull(task, "Threads: task is null");
      return ThreadRegistry.unstartedNamed(prefix + next.getAndIncrement(), task);
    };
  }
}
