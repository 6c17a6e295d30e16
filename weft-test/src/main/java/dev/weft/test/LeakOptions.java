package dev.weft.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the {@link LeakDetector} looks at, which threads it ignores, and how long it waits for
 * threads to end: an immutable value, like goleak's options.
 *
 * <p>{@link #defaults()} waits up to 2 s, sleeping from 1 µs doubling up to 100 ms between looks,
 * reads the {@link ThreadSource#WEFT_REGISTRY weft registry}, and ignores nothing. Each {@code
 * with...} and {@code ignore...} method returns a new value; ignore rules add up (a thread is
 * ignored if any rule matches). Example:
 *
 * <pre>{@code
 * LeakOptions baseline = LeakOptions.defaults().ignoreCurrent();
 * startServer();
 * stopServer();
 * LeakDetector.verifyNone(baseline.ignoreTopFunction("com.example.Metrics.flushLoop"));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe if the predicates given to {@link #ignoreIf} are.
 *
 * @param maxWait how long {@link LeakDetector#verifyNone(LeakOptions)} keeps looking before it
 *     reports; zero means look once
 * @param maxSleep the longest pause between two looks
 * @param source where live threads are found
 * @param ignores the ignore rules, in the order added
 */
public record LeakOptions(
    Duration maxWait, Duration maxSleep, ThreadSource source, List<Predicate<? super LiveThread>> ignores) {

  /** The default {@link #maxWait()}: 2 seconds. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

  /** The default {@link #maxSleep()}: 100 milliseconds. */
  public static final Duration DEFAULT_MAX_SLEEP = Duration.ofMillis(100);

  /**
   * Validates and copies the components.
   *
   * @throws NullPointerException if a component or an ignore rule is null
   * @throws IllegalArgumentException if {@code maxWait} is negative or {@code maxSleep} is not
   *     positive
   */
  public LeakOptions {
    Objects.requireNonNull(maxWait, "LeakOptions: maxWait is null");
    Objects.requireNonNull(maxSleep, "LeakOptions: maxSleep is null");
    Objects.requireNonNull(source, "LeakOptions: source is null");
    Objects.requireNonNull(ignores, "LeakOptions: ignores is null");
    if (maxWait.isNegative()) throw new IllegalArgumentException("LeakOptions: maxWait is negative: " + maxWait);
    if (maxSleep.isNegative() || maxSleep.isZero()) {
      throw new IllegalArgumentException("LeakOptions: maxSleep is not positive: " + maxSleep);
    }
    for (Predicate<? super LiveThread> p : ignores) Objects.requireNonNull(p, "LeakOptions: an ignore rule is null");
    ignores = List.copyOf(ignores);
  }

  /**
   * Waits up to 2 s, sleeps at most 100 ms between looks, reads the weft registry, ignores nothing.
   *
   * @return the default options
   */
  public static LeakOptions defaults() {
    return new LeakOptions(DEFAULT_MAX_WAIT, DEFAULT_MAX_SLEEP, ThreadSource.WEFT_REGISTRY, List.of());
  }

  /**
   * These options with another {@link #maxWait()}; {@link Duration#ZERO} looks only once.
   *
   * @param maxWait how long to wait for threads to end before reporting them
   * @return these options with another {@link #maxWait()}; {@link Duration#ZERO} looks only once
   */
  public LeakOptions withMaxWait(Duration maxWait) {
    return new LeakOptions(maxWait, maxSleep, source, ignores);
  }

  /**
   * These options with another {@link #maxSleep()}.
   *
   * @param maxSleep the longest sleep between looks
   * @return these options with another {@link #maxSleep()}
   */
  public LeakOptions withMaxSleep(Duration maxSleep) {
    return new LeakOptions(maxWait, maxSleep, source, ignores);
  }

  /**
   * These options with another {@link #source()}. Set it before {@link #ignoreCurrent()}.
   *
   * @param source where the detector finds the live threads
   * @return these options with another {@link #source()}
   */
  public LeakOptions withSource(ThreadSource source) {
    return new LeakOptions(maxWait, maxSleep, source, ignores);
  }

  /**
   * Also ignores threads that match {@code rule}. The rule runs on the thread calling the
   * detector, once per live thread per look.
   *
   * @param rule true for a thread to ignore
   * @return new options with the added rule
   * @throws NullPointerException if {@code rule} is null
   */
  public LeakOptions ignoreIf(Predicate<? super LiveThread> rule) {
    Objects.requireNonNull(rule, "LeakOptions: rule is null");
    List<Predicate<? super LiveThread>> all = new ArrayList<>(ignores);
    all.add(rule);
    return new LeakOptions(maxWait, maxSleep, source, all);
  }

  /**
   * Also ignores threads whose name starts with {@code prefix}.
   *
   * @param prefix the start of the names to ignore
   * @return new options with the added rule
   * @throws NullPointerException if {@code prefix} is null
   * @throws IllegalArgumentException if {@code prefix} is empty (that would ignore every thread)
   */
  public LeakOptions ignoreNamePrefix(String prefix) {
    Objects.requireNonNull(prefix, "LeakOptions: prefix is null");
    if (prefix.isEmpty()) throw new IllegalArgumentException("LeakOptions: prefix is empty");
    return ignoreIf(t -> t.name().startsWith(prefix));
  }

  /**
   * Also ignores threads whose {@link LiveThread#topFunction() top application function} is
   * {@code function}, given as {@code "fully.qualified.Class.method"} (nested classes with
   * {@code $}), like goleak's {@code IgnoreTopFunction}.
   *
   * @param function a fully qualified method name, {@code "package.Class.method"}
   * @return new options with the added rule
   * @throws NullPointerException if {@code function} is null
   * @throws IllegalArgumentException if {@code function} is not of the form {@code Class.method}
   */
  public LeakOptions ignoreTopFunction(String function) {
    checkFunction(function);
    return ignoreIf(t -> t.topFunction().equals(function));
  }

  /**
   * Also ignores threads with {@code function} ({@code "fully.qualified.Class.method"}) anywhere on
   * their stack, JDK frames included, like goleak's {@code IgnoreAnyFunction}.
   *
   * @param function a fully qualified method name, {@code "package.Class.method"}
   * @return new options with the added rule
   * @throws NullPointerException if {@code function} is null
   * @throws IllegalArgumentException if {@code function} is not of the form {@code Class.method}
   */
  public LeakOptions ignoreAnyFunction(String function) {
    checkFunction(function);
    return ignoreIf(t -> t.hasFunction(function));
  }

  /**
   * Also ignores the given threads, by thread id, whatever they do later.
   *
   * @param threads the threads to ignore
   * @return new options that also ignore these threads
   * @throws NullPointerException if {@code threads} or an element is null
   */
  public LeakOptions ignoreThreads(Collection<LiveThread> threads) {
    Objects.requireNonNull(threads, "LeakOptions: threads is null");
    Set<Long> tids = new HashSet<>();
    for (LiveThread t : threads) tids.add(Objects.requireNonNull(t, "LeakOptions: a thread is null").tid());
    if (tids.isEmpty()) return this;
    Set<Long> frozen = Set.copyOf(tids);
    return ignoreIf(t -> frozen.contains(t.tid()));
  }

  /**
   * Also ignores every thread that {@link #source()} lists right now, like goleak's {@code
   * IgnoreCurrent}: a baseline, so that a later check reports only threads started after this
   * call. Takes one look (a thread dump for {@link ThreadSource#THREAD_DUMP}) without waiting.
   *
   * @return new options that also ignore the current threads
   * @throws IllegalStateException if the weft registry is present but incompatible
   */
  public LeakOptions ignoreCurrent() {
    return ignoreThreads(LeakDetector.find(new LeakOptions(Duration.ZERO, maxSleep, source, List.of())));
  }

  /**
   * Whether some ignore rule matches {@code thread}.
   *
   * @param thread the thread
   * @return whether some ignore rule matches {@code thread}
   */
  public boolean isIgnored(LiveThread thread) {
    for (Predicate<? super LiveThread> rule : ignores) {
      if (rule.test(thread)) return true;
    }
    return false;
  }

  private static void checkFunction(String function) {
    Objects.requireNonNull(function, "LeakOptions: function is null");
    int dot = function.lastIndexOf('.');
    if (dot <= 0 || dot == function.length() - 1 || function.contains("(")) {
      throw new IllegalArgumentException(
          "LeakOptions: function must look like \"fully.qualified.Class.method\": " + function);
    }
  }
}
