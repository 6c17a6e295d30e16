package dev.weft.context;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.spi.ContextHooks;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cancellable context, with or without its own deadline.
 *
 * <p>Implementation notes. Invariants, all guarded by {@code lock}:
 *
 * <ul>
 *   <li>{@code error} goes from {@code null} to non-null once; {@code cause} is written before it
 *       and never after, so a reader that sees {@code error} (volatile) sees {@code cause}.
 *   <li>{@code head}/{@code tail} list the callbacks to run on cancel: children's cancels, wakers
 *       of blocked calls, afterFunc starters. Once done the list is empty and stays empty; a
 *       callback registered after that runs at once on the registering thread.
 *   <li>{@code doneChannel} is created lazily; it is closed by the cancelling thread, after the
 *       lock is released, or on creation if the context is already done.
 * </ul>
 *
 * Callbacks run on the cancelling thread after the lock is released, so a callback may inspect
 * this context or cancel others without deadlock. Children register on their parent's nearest
 * cancellable ancestor and remove themselves from it when cancelled ("a cancelled child detaches").
 * A cancel walks the subtree with a work list, not by recursion: contexts derived in a loop can
 * form a chain deeper than a thread's stack, and a {@link StackOverflowError} half-way would leave
 * the rest of the subtree never cancelled.
 */
final class CancelNode extends ContextNode implements CancelContext {

  /** A registered callback or child: a node of the intrusive doubly-linked list. */
  private final class Listener implements ContextHooks.Registration {
    final Runnable callback; // null for a child
    final CancelNode child; // null for a callback
    Listener prev;
    Listener next;
    boolean linked;

    Listener(Runnable callback, CancelNode child) {
      this.callback = callback;
      this.child = child;
    }

    @Override
    public boolean remove() {
      lock.lock();
      try {
        if (!linked) return false;
        unlink(this);
        return true;
      } finally {
        lock.unlock();
      }
    }
  }

  private final ContextNode parent;
  private final Instant deadline; // own deadline, or null to inherit the parent's
  private final Optional<Instant> effectiveDeadline; // own or the parent's, fixed at creation
  private final Clock clock; // the parent's, copied so that reading it does not walk up the tree
  private final ReentrantLock lock = new ReentrantLock();
  private volatile ContextError error;
  private Throwable cause;
  private Listener head;
  private Listener tail;
  private Channel<Void> doneChannel;
  private Scheduled timer;
  private ContextHooks.Registration parentRegistration = NO_REGISTRATION;

  private CancelNode(ContextNode parent, Instant deadline) {
    this.parent = parent;
    this.deadline = deadline;
    this.effectiveDeadline = deadline != null ? Optional.of(deadline) : parent.deadline();
    this.clock = parent.clock();
  }

  /**
   * Creates a child of {@code parent}; {@code deadline} null means none of its own. A deadline not
   * earlier than the parent's is dropped (the parent's wins).
   */
  static CancelNode create(ContextNode parent, Instant deadline, Throwable deadlineCause) {
    if (deadline != null) {
      Optional<Instant> pd = parent.deadline();
      if (pd.isPresent() && !pd.get().isAfter(deadline)) deadline = null;
    }
    CancelNode node = new CancelNode(parent, deadline);
    // Propagation from the parent; cancels the child at once if the parent is already done.
    CancelNode p = parent.cancellable();
    ContextHooks.Registration reg = p == null ? NO_REGISTRATION : p.addListener(null, node);
    node.lock.lock();
    try {
      if (node.error == null) node.parentRegistration = reg;
    } finally {
      node.lock.unlock();
    }
    if (deadline != null && node.error == null) node.arm(deadline, deadlineCause);
    return node;
  }

  private void arm(Instant at, Throwable deadlineCause) {
    Duration left = Duration.between(clock.now(), at);
    if (left.isNegative() || left.isZero()) {
      cancel(ContextError.DEADLINE_EXCEEDED, deadlineCause);
      return;
    }
    // Placed at the instant, not after a delay from the reading above: a clock moved meanwhile
    // (a FakeClock advanced by another thread) would otherwise put the deadline late.
    Scheduled s = clock.scheduleAt(at, () -> cancel(ContextError.DEADLINE_EXCEEDED, deadlineCause));
    lock.lock();
    try {
      if (error == null) {
        timer = s;
        return;
      }
    } finally {
      lock.unlock();
    }
    s.cancel(); // cancelled while arming
  }

  ContextError error() {
    return error;
  }

  Throwable causeOrNull() {
    return error == null ? null : cause;
  }

  @Override
  CancelNode cancellable() {
    return this;
  }

  @Override
  ContextNode parent() {
    return parent;
  }

  @Override
  public Optional<Instant> deadline() {
    return effectiveDeadline;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean cancel() {
    return cancel(ContextError.CANCELED, null);
  }

  @Override
  public boolean cancel(Throwable cause) {
    return cancel(ContextError.CANCELED, cause);
  }

  @Override
  public void close() {
    cancel();
  }

  boolean cancel(ContextError err, Throwable why) {
    ArrayDeque<Listener> lists = new ArrayDeque<>();
    if (!markDone(err, why, lists)) return false;
    RuntimeException failure = null;
    for (Listener list; (list = lists.poll()) != null; ) {
      for (Listener l = list; l != null; ) {
        Listener next = l.next;
        l.prev = l.next = null;
        if (l.child != null) {
          l.child.markDone(err, why, lists); // its own listeners join the work list
        } else {
          try {
            l.callback.run();
          } catch (RuntimeException e) {
            // Keep cancelling the rest of the tree; report the first failure to the canceller.
            if (failure == null) failure = e;
            else failure.addSuppressed(e);
          }
        }
        l = next;
      }
    }
    if (failure != null) throw failure;
    return true;
  }

  /**
   * Makes this node done unless it already is: records the error and cause, closes the done
   * channel, cancels the timer, detaches from the parent, and adds its detached listener list (if
   * not empty) to {@code lists} for the caller to run.
   *
   * @return {@code false} if it was already done
   */
  private boolean markDone(ContextError err, Throwable why, ArrayDeque<Listener> lists) {
    Listener list;
    Channel<Void> ch;
    Scheduled t;
    ContextHooks.Registration fromParent;
    lock.lock();
    try {
      if (error != null) return false;
      cause = why;
      error = err;
      list = head;
      for (Listener l = head; l != null; l = l.next) l.linked = false;
      head = tail = null;
      ch = doneChannel;
      t = timer;
      timer = null;
      fromParent = parentRegistration;
      parentRegistration = NO_REGISTRATION;
    } finally {
      lock.unlock();
    }
    if (ch != null) ch.close();
    if (t != null) t.cancel();
    fromParent.remove();
    if (list != null) lists.add(list);
    return true;
  }

  ContextHooks.Registration addListener(Runnable callback) {
    return addListener(callback, null);
  }

  /**
   * Registers {@code callback} to run, or {@code child} to be cancelled with this node's error and
   * cause, when this node is done; if it is done already, does so at once on this thread.
   */
  private ContextHooks.Registration addListener(Runnable callback, CancelNode child) {
    ContextError err;
    Throwable why;
    lock.lock();
    try {
      if (error == null) {
        Listener l = new Listener(callback, child);
        l.linked = true;
        l.prev = tail;
        if (tail == null) head = l;
        else tail.next = l;
        tail = l;
        return l;
      }
      err = error;
      why = cause;
    } finally {
      lock.unlock();
    }
    if (child != null) child.cancel(err, why);
    else callback.run();
    return NO_REGISTRATION;
  }

  private void unlink(Listener l) {
    if (l.prev == null) head = l.next;
    else l.prev.next = l.next;
    if (l.next == null) tail = l.prev;
    else l.next.prev = l.prev;
    l.prev = l.next = null;
    l.linked = false;
  }

  ReceiveChannel<Void> doneChannel() {
    lock.lock();
    try {
      if (doneChannel == null) {
        doneChannel = Channel.unbuffered();
        if (error != null) doneChannel.close();
      }
      return doneChannel;
    } finally {
      lock.unlock();
    }
  }

  /** Number of registered callbacks (children and waiters); for tests of detaching. */
  int listenerCount() {
    lock.lock();
    try {
      int n = 0;
      for (Listener l = head; l != null; l = l.next) n++;
      return n;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    String kind = deadline != null ? ".withDeadline(" + deadline + ")" : ".withCancel()";
    ContextError e = error;
    return parent + kind + (e == null ? "" : "[" + e.message() + "]");
  }
}
