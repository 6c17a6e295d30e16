package dev.weft.test;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A thread as the leak detector saw it at one moment: the weft registry or a thread dump.
 *
 * <p>A {@code LiveThread} is an immutable snapshot; the thread it describes may have ended since.
 * Two snapshots of one thread have the same {@link #tid()}: the JVM never reuses thread ids.
 *
 * @param tid the thread id ({@link Thread#threadId()})
 * @param name the thread's name
 * @param state the {@link Thread.State} name, or {@code "UNKNOWN"} when the source does not say
 *     (the JSON thread dump of JDK releases before 25)
 * @param virtual whether it is a virtual thread; {@code false} when the source does not say
 * @param stack its stack when seen, top frame first; empty if it had not started or had ended
 * @param creationSite where the thread was started (a {@link Throwable} whose stack trace is the
 *     starting code), when weft recorded it; see {@link LeakDetector#recordCreationSites}
 */
public record LiveThread(
    long tid,
    String name,
    String state,
    boolean virtual,
    List<StackTraceElement> stack,
    Optional<Throwable> creationSite) {

  /** The state reported when the source does not give one. */
  public static final String UNKNOWN_STATE = "UNKNOWN";

  /**
   * Copies {@code stack} and checks that nothing is null.
   *
   * @throws NullPointerException if a component or a stack frame is null
   */
  public LiveThread {
    Objects.requireNonNull(name, "LiveThread: name is null");
    Objects.requireNonNull(state, "LiveThread: state is null");
    stack = List.copyOf(Objects.requireNonNull(stack, "LiveThread: stack is null"));
    Objects.requireNonNull(creationSite, "LiveThread: creationSite is null");
  }

  /**
   * The first application frame as {@code "fully.qualified.Class.method"}: the topmost frame whose
   * class is not in a JDK package ({@code java.}, {@code javax.}, {@code jdk.}, {@code sun.},
   * {@code com.sun.}), or the empty string if there is none.
   *
   * <p>The literal top frame of a blocked virtual thread is always JDK machinery ({@code
   * VirtualThread.park}), so this is the frame that says <em>which code</em> is waiting, the
   * meaning Go's goleak gives to "top function".
   *
   * @return the first application frame as {@code "fully.qualified.Class.method"}: the topmost
   *     frame whose class is not in a JDK package ({@code java.}, {@code javax.}, {@code jdk.},
   *     {@code sun.}, {@code com.sun.}), or the empty string if there is none
   */
  public String topFunction() {
    for (StackTraceElement frame : stack) {
      if (!StackFrames.isJdk(frame)) return StackFrames.function(frame);
    }
    return "";
  }

  /**
   * Whether any frame of the stack is {@code function} ({@code "fully.qualified.Class.method"}).
   *
   * @param function the function to run
   * @return whether any frame of the stack is {@code function} ({@code
   *     "fully.qualified.Class.method"})
   */
  public boolean hasFunction(String function) {
    for (StackTraceElement frame : stack) {
      if (StackFrames.function(frame).equals(function)) return true;
    }
    return false;
  }

  /**
   * A multi-line description: a header with name, id, kind and state, the stack, and the creation
   * site if known. Used in {@link LeakedThreadsError}'s message.
   *
   * @return a multi-line description: a header with name, id, kind and state, the stack, and the
   *     creation site if known
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append('"')
        .append(name)
        .append("\" (tid ")
        .append(tid)
        .append(virtual ? ", virtual, " : ", ")
        .append(state)
        .append(")\n");
    StackFrames.appendStack(sb, stack, "    ");
    if (creationSite.isPresent()) {
      sb.append("  created at:\n");
      StackFrames.appendStack(sb, List.of(creationSite.get().getStackTrace()), "    ");
    } else {
      sb.append("  created at: (not recorded; see LeakDetector.recordCreationSites)\n");
    }
    return sb.toString();
  }
}
