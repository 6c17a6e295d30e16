package dev.weft.test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Thrown by {@link LeakDetector#verifyNone} and {@link LeakCheckExtension} when threads are still
 * alive that should have ended. Its message lists each thread with its name, id, state, current
 * stack and, when recorded, the stack of the code that started it.
 *
 * <p>An {@link AssertionError}, so test frameworks report it as a test failure, not an error.
 */
public final class LeakedThreadsError extends AssertionError {

  private static final long serialVersionUID = 1L;

  /** Not serialised: stacks and creation sites are in the message. */
  private final transient List<LiveThread> leaks;

  /**
   * Creates the error.
   *
   * @param where what was checked, for the first line (for example {@code "after test foo()"})
   * @param waited how long the detector waited for the threads to end
   * @param leaks the leaked threads, at least one
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code leaks} is empty
   */
  public LeakedThreadsError(String where, Duration waited, List<LiveThread> leaks) {
    super(message(where, waited, leaks));
    this.leaks = List.copyOf(leaks);
  }

  /**
   * The leaked threads, as seen at the last look.
   *
   * @return the leaked threads, as seen at the last look
   */
  public List<LiveThread> leaks() {
    return leaks == null ? List.of() : leaks;
  }

  private static String message(String where, Duration waited, List<LiveThread> leaks) {
    Objects.requireNonNull(where, "LeakedThreadsError: where is null");
    Objects.requireNonNull(waited, "LeakedThreadsError: waited is null");
    Objects.requireNonNull(leaks, "LeakedThreadsError: leaks is null");
    if (leaks.isEmpty()) throw new IllegalArgumentException("LeakedThreadsError: no leaked threads");
    StringBuilder sb = new StringBuilder("LeakDetector: ");
    sb.append(leaks.size())
        .append(leaks.size() == 1 ? " thread" : " threads")
        .append(" still alive ")
        .append(where)
        .append(" (waited ")
        .append(waited.toMillis())
        .append(" ms for ")
        .append(leaks.size() == 1 ? "it" : "them")
        .append(" to end)\n");
    for (int i = 0; i < leaks.size(); i++) {
      sb.append('[').append(i + 1).append("] ").append(leaks.get(i).describe());
    }
    return sb.toString();
  }
}
