package dev.weft.context;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A trace ID carried on a {@link Context}, so that every thread that works for one request, and
 * every log line it writes, can be told apart from the others': Go's request-ID middleware, {@code
 * context.WithValue(ctx, traceKey, id)}.
 *
 * <p><b>How it flows.</b> The ID is an ordinary context value under {@link #KEY}, and every
 * context derived from one that has it sees it. Every weft component that starts threads hands its
 * tasks a context derived from the one it was given, so the ID reaches them with no extra code: an
 * {@code ErrGroup.withContext(ctx)}'s {@code context()}, the context a {@code WorkerPool} passes to
 * a task submitted with {@code submit(ctx, task)}, and the context of a {@code Pipeline} run's
 * {@code ...WithContext} stages. Code that does not take a context cannot see it: pass the context
 * down, as in Go.
 *
 * <pre>{@code
 * Context ctx = Trace.withNewId(Context.background());
 * System.Logger log = Trace.logger(System.getLogger("orders"), ctx);
 * log.log(Level.INFO, "accepted");            // "[trace=4bf92f3577b34da6] accepted"
 * ErrGroup g = ErrGroup.withContext(ctx);
 * g.go(() -> fetch(g.context()));            // Trace.id(g.context()) is the same ID
 * }</pre>
 *
 * <p><b>Why not {@code ScopedValue} or a {@code ThreadLocal}.</b> A {@code ScopedValue} binding is
 * inherited by the threads of a {@code StructuredTaskScope}, and would reach weft's threads only if
 * weft started every thread inside such a scope; in Java 21 both are preview APIs, and weft's
 * bytecode targets release 21 without preview features. A {@code ThreadLocal} is not inherited by
 * the threads a pool reuses, and an {@code InheritableThreadLocal} copies a value at thread
 * creation, which for a pooled worker is the wrong request. The context is already passed to every
 * task, explicitly, as in Go.
 *
 * <p><b>IDs</b> are 1 to 128 characters of {@code [0-9A-Za-z._:-]}, so that they can go into log
 * lines and message formats unescaped; {@link #newId()} makes a random 16-digit hex ID.
 */
public final class Trace {

  /** The context key of the trace ID. */
  public static final ContextKey<String> KEY = ContextKey.of("traceId");

  private static final Pattern VALID = Pattern.compile("[0-9A-Za-z._:-]{1,128}");

  private Trace() {}

  /**
   * A random trace ID of 16 lower-case hex digits (64 bits).
   *
   * @return a new trace ID
   */
  public static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /**
   * A child of {@code parent} carrying {@code traceId}; it replaces any ID {@code parent} has.
   *
   * @param parent the parent context
   * @param traceId the trace ID, for example from an incoming request's header
   * @return a context carrying {@code traceId}
   * @throws IllegalArgumentException if {@code traceId} is empty, longer than 128 characters or
   *     has a character outside {@code [0-9A-Za-z._:-]}
   * @throws NullPointerException if an argument is null
   */
  public static Context withId(Context parent, String traceId) {
    Objects.requireNonNull(parent, "Trace: parent is null");
    Objects.requireNonNull(traceId, "Trace: trace ID is null");
    if (!VALID.matcher(traceId).matches()) {
      throw new IllegalArgumentException("Trace: invalid trace ID: '" + traceId + "'");
    }
    return Context.withValue(parent, KEY, traceId);
  }

  /**
   * A child of {@code parent} carrying a {@linkplain #newId() new} trace ID.
   *
   * @param parent the parent context
   * @return a context carrying a new trace ID
   * @throws NullPointerException if {@code parent} is null
   */
  public static Context withNewId(Context parent) {
    return withId(parent, newId());
  }

  /**
   * The trace ID {@code ctx} carries, if any.
   *
   * @param ctx the context
   * @return the trace ID, or empty
   * @throws NullPointerException if {@code ctx} is null
   */
  public static Optional<String> id(Context ctx) {
    return Objects.requireNonNull(ctx, "Trace: context is null").value(KEY);
  }

  /**
   * The prefix weft's trace logger puts before each message: {@code "[trace=<id>] "}, or the empty
   * string if {@code ctx} has no trace ID. For output that does not go through a {@link
   * System.Logger}.
   *
   * @param ctx the context
   * @return the prefix
   * @throws NullPointerException if {@code ctx} is null
   */
  public static String prefix(Context ctx) {
    return id(ctx).map(id -> "[trace=" + id + "] ").orElse("");
  }

  /**
   * A logger that writes through {@code delegate}, each message prefixed with {@link
   * #prefix(Context) prefix(ctx)}. The ID is read once, here; make one logger per request (it is
   * cheap: one object). Levels, names, resource bundles, parameters and exceptions are passed on
   * unchanged.
   *
   * @param delegate where the lines go
   * @param ctx the context whose trace ID is added
   * @return the wrapping logger
   * @throws NullPointerException if an argument is null
   */
  public static System.Logger logger(System.Logger delegate, Context ctx) {
    Objects.requireNonNull(delegate, "Trace: logger is null");
    return new TraceLogger(delegate, prefix(ctx));
  }
}
