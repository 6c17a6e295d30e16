package dev.weft.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One JFR {@code jdk.VirtualThreadPinned} event: a virtual thread blocked while it could not
 * unmount, so it held its carrier thread for {@link #duration()}.
 *
 * @param threadName the pinned virtual thread's name (empty if unnamed)
 * @param threadId its thread id
 * @param start when it started blocking
 * @param duration how long it blocked while pinned
 * @param carrierThreadName the carrier it pinned, where the JDK says (24+)
 * @param blockingOperation what it blocked in, for example {@code "LockSupport.park"} (JDK 24+)
 * @param pinnedReason why it could not unmount, for example {@code "VM call to Foo.<clinit> on
 *     stack"} or {@code "Native or VM frame on stack"} (JDK 24+)
 * @param stack the pinned thread's stack, top frame first (method-level frames: no file names)
 */
public record PinnedEvent(
    String threadName,
    long threadId,
    Instant start,
    Duration duration,
    Optional<String> carrierThreadName,
    Optional<String> blockingOperation,
    Optional<String> pinnedReason,
    List<StackTraceElement> stack) {

  /**
   * Copies {@code stack} and checks that nothing is null.
   *
   * @throws NullPointerException if a component or a frame is null
   */
  public PinnedEvent {
    Objects.requireNonNull(threadName, "PinnedEvent: threadName is null");
    Objects.requireNonNull(start, "PinnedEvent: start is null");
    Objects.requireNonNull(duration, "PinnedEvent: duration is null");
    Objects.requireNonNull(carrierThreadName, "PinnedEvent: carrierThreadName is null");
    Objects.requireNonNull(blockingOperation, "PinnedEvent: blockingOperation is null");
    Objects.requireNonNull(pinnedReason, "PinnedEvent: pinnedReason is null");
    stack = List.copyOf(Objects.requireNonNull(stack, "PinnedEvent: stack is null"));
  }

  /**
   * A multi-line description: thread, duration, operation and reason, then the stack.
   *
   * @return a multi-line description: thread, duration, operation and reason, then the stack
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append('"').append(threadName).append("\" (tid ").append(threadId).append(") pinned for ");
    sb.append(duration.toNanos() / 1_000).append(" us");
    blockingOperation.ifPresent(op -> sb.append(" in ").append(op));
    carrierThreadName.ifPresent(c -> sb.append(" on carrier \"").append(c).append('"'));
    sb.append('\n');
    pinnedReason.ifPresent(r -> sb.append("  reason: ").append(r).append('\n'));
    StackFrames.appendStack(sb, stack, "    ");
    return sb.toString();
  }
}
