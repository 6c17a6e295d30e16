package dev.weft.context;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of every context implementation. It implements {@link ContextHooks.Target} so that the
 * blocking primitives of other packages can be woken, inline, when a context is done.
 */
abstract sealed class ContextNode implements Context, ContextHooks.Target
    permits Background, CancelNode, ValueNode, WithoutCancelNode {

  static final ContextHooks.Registration NO_REGISTRATION = () -> false;

  /** The nearest node that can be cancelled, or {@code null} if none (the tree cannot be done). */
  abstract CancelNode cancellable();

  /** The context this one was derived from, or {@code null} for a root. */
  abstract ContextNode parent();

  /**
   * The value under key in this node or the nearest ancestor, or {@code null}. A loop, not a
   * recursion: a chain of contexts can be deeper than a thread's stack.
   */
  final Object lookup(ContextKey<?> key) {
    for (ContextNode n = this; n != null; n = n.parent()) {
      if (n instanceof ValueNode v && v.key() == key) return v.value();
    }
    return null;
  }

  @Override
  public ContextHooks.Registration onDone(Runnable callback) {
    CancelNode c = cancellable();
    return c == null ? NO_REGISTRATION : c.addListener(callback);
  }

  @Override
  public ReceiveChannel<Void> done() {
    CancelNode c = cancellable();
    return c == null ? Channel.nil() : c.doneChannel();
  }

  @Override
  public boolean isDone() {
    CancelNode c = cancellable();
    return c != null && c.error() != null;
  }

  @Override
  public Optional<ContextError> err() {
    CancelNode c = cancellable();
    return c == null ? Optional.empty() : Optional.ofNullable(c.error());
  }

  @Override
  public Optional<Throwable> cause() {
    CancelNode c = cancellable();
    if (c == null) return Optional.empty();
    ContextError e = c.error();
    if (e == null) return Optional.empty();
    Throwable cause = c.causeOrNull();
    return Optional.of(cause != null ? cause : new ContextCancelledException(e, null));
  }

  @Override
  public void throwIfDone() {
    ContextCancelledException e = cancellation();
    if (e != null) throw e;
  }

  /** The exception for this context being done, with its error and given cause; null if not done. */
  @Override
  public ContextCancelledException cancellation() {
    CancelNode c = cancellable();
    if (c == null) return null;
    ContextError e = c.error();
    return e == null ? null : new ContextCancelledException(e, c.causeOrNull());
  }

  @Override
  public void await() throws InterruptedException {
    done().receiveResult();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> value(ContextKey<T> key) {
    if (key == null) throw new NullPointerException("Context: key is null");
    return Optional.ofNullable((T) lookup(key));
  }

  static AfterFunc afterFunc(ContextNode ctx, Runnable f) {
    final int waiting = 0, started = 1, stopped = 2;
    AtomicInteger state = new AtomicInteger(waiting);
    ContextHooks.Registration reg =
        ctx.onDone(
            () -> {
              if (state.compareAndSet(waiting, started)) ThreadRegistry.start("afterfunc", f);
            });
    return () -> {
      if (!state.compareAndSet(waiting, stopped)) return false;
      reg.remove();
      return true;
    };
  }
}
