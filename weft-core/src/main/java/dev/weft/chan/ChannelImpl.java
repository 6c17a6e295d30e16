package dev.weft.chan;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The channel implementation: one lock per channel for its wait queues, following Go's {@code
 * runtime/chan.go}, and a lock-free buffer ({@link Ring}) for a buffered channel. The lock is a
 * {@link ChanLock}, a spin lock that never parks: nothing done under it blocks, parks or yields.
 *
 * <p>Implementation notes. Fields are guarded by {@code lock} unless noted.
 *
 * <p><b>Rendezvous (capacity 0).</b> Everything happens under the lock. A sender hands its value
 * to the first live queued receiver, or queues; a receiver takes the value of the first live queued
 * sender, or queues.
 *
 * <p><b>Buffered.</b> The buffer is a {@link Ring}, so a send that finds a free slot and a receive
 * that finds a value take no lock. A waiter queues only after it found the ring full (a sender) or
 * empty (a receiver), and it is woken to try again, not handed a value: its node is completed with
 * {@link WaitNode#retry} set, and it looks at the ring again (a select looks at the clause that
 * woke it first). So values only ever move through the ring, and a waiter that loses the race for
 * the slot or value it was woken for simply waits again. Waking without the lock relies on one
 * ordering, the classic lost-wake-up argument:
 *
 * <ul>
 *   <li>A waiter {@linkplain WaitQueue#register() registers} on its queue (a volatile store), then
 *       looks at the ring (volatile loads of its counters), then queues or withdraws.
 *   <li>An operation that changes the ring (the CAS of a counter) then reads the other side's
 *       {@link WaitQueue#waiting()}; if it is not zero, it takes the lock and wakes the first live
 *       waiter there.
 * </ul>
 *
 * These are volatile accesses, totally ordered: either the waiter's look sees the change, or the
 * changer sees the registration and wakes somebody. Every value added while receivers wait wakes
 * one of them, and every slot freed while senders wait wakes one of them; a woken waiter always
 * looks at that channel again before it can leave, so a wake-up is never dropped.
 *
 * <p>Order among waiters: one woken waiter per queue looks at a time (the queue's {@code woken}
 * baton); when it has looked, it wakes the next if the ring still has a value (or a free slot) for
 * it, and a woken waiter that must wait again goes back to the front of its queue. So waiters are
 * served in the order they queued, as with Go's channels. A thread that did not wait may still take
 * a value or slot before the woken waiter looks (it then waits again, first in line).
 *
 * <p>Other invariants:
 *
 * <ul>
 *   <li>Once {@code closed}, nothing is added to either queue; both were drained by {@link
 *       #close()}, which completed every waiter: senders with {@code closed}, receivers of a
 *       rendezvous with {@code closed}, receivers of a buffered channel with {@code retry} (values
 *       sent before the close may still be on their way into the ring).
 *   <li>A node is polled from a queue before its waiter is completed; a waiter that loses the race
 *       (cancelled, or completed through another channel in a select) is skipped, its node already
 *       unlinked.
 * </ul>
 *
 * A waiter is completed with a CAS on {@link ChanWaiter} after the node's {@code item}, {@code closed}
 * and {@code retry} fields are written, so the CAS publishes them to the woken thread. Wake-ups
 * ({@code unpark}) happen after the lock is released. {@link Select} locks all of its channels in
 * {@code id} order, so two selects over the same channels cannot deadlock. See
 * docs/adr/0009-buffered-channel-lock-free-ring.md.
 */
final class ChannelImpl<E> implements Channel<E> {

  // Outcome codes shared by sends and receives.
  static final int OK = 0;
  static final int CLOSED = 1;
  static final int WOULD_BLOCK = 2;
  static final int TIMED_OUT = 3;
  static final int CANCELLED = 4;

  private static final AtomicLong IDS = new AtomicLong();

  final long id = IDS.incrementAndGet();
  final ChanLock lock = new ChanLock();
  private final int capacity;
  /** The buffer of a buffered channel, used with and without the lock; null for a rendezvous. */
  private final Ring ring;
  private volatile boolean closed; // written under lock; read without it by isClosedForSend()
  final WaitQueue recvq;
  final WaitQueue sendq;

  ChannelImpl(int capacity) {
    this.capacity = capacity;
    this.ring = capacity == 0 ? null : new Ring(capacity);
    this.recvq = new WaitQueue(ring != null);
    this.sendq = new WaitQueue(ring != null);
  }

  // ---- operations under the lock, shared with Select ----

  /** {@link #tryReceiveLocked} and {@link #receive0} results that are not values. */
  static final Object CLOSED_MARK = new Object();

  static final Object WOULD_BLOCK_MARK = new Object();
  private static final Object TIMED_OUT_MARK = new Object();
  private static final Object CANCELLED_MARK = new Object();

  /**
   * A thread completed by the last {@code try...Locked} call, to be unparked once the lock is
   * released; taken with {@link #takeWake()} before unlocking. Guarded by {@code lock}. Passing it
   * through a field rather than an out-parameter keeps the fast paths free of allocation.
   */
  private Thread toWake;

  /** A second thread to wake: a buffered operation may wake a waiter on each queue. */
  private Thread toWake2;

  /**
   * With the lock held: a thread to unpark after unlocking, or {@code null}; clears it. Call it
   * until it returns {@code null} (at most twice).
   */
  Thread takeWake() {
    Thread t = toWake;
    toWake = toWake2;
    toWake2 = null;
    return t;
  }

  private void addWake(Thread t) {
    if (toWake == null) toWake = t;
    else toWake2 = t;
  }

  /**
   * With the lock held: sends {@code v} without waiting if possible; a completed receiver is left
   * in {@link #takeWake()}.
   *
   * @return OK, CLOSED or WOULD_BLOCK
   */
  int trySendLocked(Object v) {
    if (ring != null) {
      int r = ring.offer(v);
      if (r == Ring.OK) {
        if (recvq.waiting() != 0) wakeOneLocked(recvq);
        return OK;
      }
      return r == Ring.FULL ? WOULD_BLOCK : CLOSED;
    }
    if (closed) return CLOSED;
    for (WaitNode r; (r = recvq.poll()) != null; ) {
      r.item = v;
      if (r.waiter.tryComplete(r)) {
        addWake(r.waiter.thread);
        return OK;
      }
      r.item = null;
    }
    return WOULD_BLOCK;
  }

  /**
   * With the lock held: receives without waiting if possible; a completed sender is left in
   * {@link #takeWake()}.
   *
   * @return the value, {@link #CLOSED_MARK} (closed and drained) or {@link #WOULD_BLOCK_MARK}
   */
  Object tryReceiveLocked() {
    if (ring != null) {
      Object v = ring.poll();
      if (v == Ring.EMPTY) return WOULD_BLOCK_MARK;
      if (v == Ring.CLOSED_EMPTY) return CLOSED_MARK;
      if (sendq.waiting() != 0) wakeOneLocked(sendq);
      return v;
    }
    for (WaitNode s; (s = sendq.poll()) != null; ) {
      Object item = s.item; // read before completing: a completed sender may reuse its node
      if (s.waiter.tryComplete(s)) {
        addWake(s.waiter.thread);
        return item;
      }
    }
    return closed ? CLOSED_MARK : WOULD_BLOCK_MARK;
  }

  /**
   * With the lock held, on a buffered channel: completes the first live waiter of {@code q} with
   * {@link WaitNode#retry} set, leaving its thread in {@link #takeWake()}. It will look at the
   * buffer again. Only one woken waiter per queue looks at a time (the queue's {@code woken}
   * baton): the next is woken when it has looked ({@link #passWakeLocked}), so that waiters take
   * values and free slots in the order they queued.
   */
  private void wakeOneLocked(WaitQueue q) {
    if (q.woken) return;
    for (WaitNode n; (n = q.poll()) != null; ) {
      n.retry = true;
      if (n.waiter.tryComplete(n)) {
        q.woken = true;
        addWake(n.waiter.thread);
        return;
      }
      n.retry = false;
    }
  }

  /**
   * With the lock held, by a waiter of {@code q} that was woken to look again and has looked
   * (taken its value or slot, queued again, or fired another select clause): hands the baton on,
   * waking the next waiter if there is still a value (receivers) or a free slot (senders) for it.
   */
  void passWakeLocked(WaitQueue q) {
    q.woken = false;
    if (q == recvq ? !ring.isEmpty() : !ring.isFull()) wakeOneLocked(q);
  }

  /**
   * With the lock held, after a waiter {@linkplain WaitQueue#register() registered} on {@code q}
   * has looked at the channel: queues {@code node}, or withdraws the registration if it is {@code
   * null}; a waiter that was {@code woken} to look keeps its place at the front and passes the
   * baton on.
   */
  private void afterLookLocked(WaitQueue q, WaitNode node, boolean woken) {
    if (node == null) q.unregister();
    else if (woken) q.addFirst(node);
    else q.add(node);
    if (woken) passWakeLocked(q);
  }

  /**
   * Without the lock held: sends {@code v} if that needs no waiting, as {@link #trySend} does (a
   * buffered channel takes no lock when it has a free slot and nobody to wake). For {@link
   * Select}'s first look at a clause.
   *
   * @return OK, CLOSED or WOULD_BLOCK
   */
  int trySendNow(Object v) {
    try {
      return send0(cast(v), false, 0, null);
    } catch (InterruptedException e) {
      throw new AssertionError("non-blocking send cannot be interrupted", e);
    }
  }

  /**
   * Without the lock held: receives if that needs no waiting, as {@link #tryReceive} does. For
   * {@link Select}'s first look at a clause.
   *
   * @return the value, {@link #CLOSED_MARK} (closed and drained) or {@link #WOULD_BLOCK_MARK}
   */
  Object tryReceiveNow() {
    try {
      return receive0(false, 0, null);
    } catch (InterruptedException e) {
      throw new AssertionError("non-blocking receive cannot be interrupted", e);
    }
  }

  /** Unparks {@code t} unless it is null: for the threads {@link #takeWake()} returned. */
  static void unpark(Thread t) {
    if (t != null) LockSupport.unpark(t);
  }

  /**
   * Without the lock: {@link #wakeOneLocked} on {@code q}, one of this channel's queues. For a
   * lock-free operation that found {@code q} {@linkplain WaitQueue#waiting() waiting}.
   */
  private void wakeAnother(WaitQueue q) {
    lock.lock();
    try {
      wakeOneLocked(q);
    } finally {
      unlockAndWake();
    }
  }

  /** Releases the lock, then unparks the threads that the operations under it left to wake. */
  private void unlockAndWake() {
    Thread wake = takeWake();
    Thread wake2 = takeWake();
    lock.unlock();
    unpark(wake);
    unpark(wake2);
  }

  // ---- send family ----

  @Override
  public void send(E value) throws InterruptedException {
    if (send0(value, true, 0, null) == CLOSED) throw closedForSend();
  }

  @Override
  public void send(E value, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    int r = send0(value, true, 0, ctx);
    if (r == CLOSED) throw closedForSend();
    if (r == CANCELLED) throw cancelled(ctx);
  }

  @Override
  public SendResult sendResult(E value) throws InterruptedException {
    return sendOutcome(send0(value, true, 0, null), null);
  }

  @Override
  public SendResult sendResult(E value, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    return sendOutcome(send0(value, true, 0, ctx), ctx);
  }

  @Override
  public SendResult trySend(E value) {
    return sendOutcome(trySendNow(value), null);
  }

  @Override
  public SendResult trySend(E value, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null"); // before the interrupt check below
    Objects.requireNonNull(timeout, "Channel: timeout is null");
    long nanos = Timeouts.nanos(timeout);
    if (nanos <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      int r = send0(value, false, 0, null);
      return sendOutcome(r == WOULD_BLOCK ? TIMED_OUT : r, null);
    }
    return sendOutcome(send0(value, true, Timeouts.deadline(nanos), null), null);
  }

  /**
   * The send core. {@code deadline} is a {@link System#nanoTime()} value or 0 for none.
   *
   * @return OK, CLOSED, WOULD_BLOCK (only when not blocking), TIMED_OUT or CANCELLED
   */
  private int send0(E value, boolean block, long deadline, Context ctx)
      throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null");
    if (block) {
      if (Thread.interrupted()) throw new InterruptedException();
      if (ctx != null && ctx.isDone()) return CANCELLED;
    }
    if (ring != null) { // the lock-free path: a free slot and nobody to wake takes no lock
      int r = ring.offer(value);
      if (r == Ring.OK) {
        if (recvq.waiting() != 0) wakeAnother(recvq);
        return OK;
      }
      if (r == Ring.CLOSED_FULL) return CLOSED;
      if (!block) return WOULD_BLOCK;
    }
    boolean woken = false; // woken by a buffered channel to look again: holds sendq's baton
    for (; ; ) {
      int r;
      WaitNode node = null;
      lock.lock();
      try {
        sendq.register(); // before the look at the buffer: see the class notes
        r = trySendLocked(value);
        if (r == WOULD_BLOCK && block) node = soloNode(value);
        afterLookLocked(sendq, node, woken);
      } finally {
        unlockAndWake();
      }
      if (node == null) return r;
      r = await(node, sendq, deadline, ctx);
      boolean wasClosed = node.closed;
      boolean retry = node.retry;
      node.item = null; // the node is reused: keep no reference to the value
      if (r != OK) return r;
      if (!retry) return wasClosed ? CLOSED : OK;
      // A buffered channel's slot came free: try again (the deadline and context still hold).
      woken = true;
    }
  }

  // ---- receive family ----

  @Override
  public E receive() throws InterruptedException {
    Object r = receive0(true, 0, null);
    if (r == CLOSED_MARK) throw closedForReceive();
    return cast(r);
  }

  @Override
  public E receive(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    Object r = receive0(true, 0, ctx);
    if (r == CLOSED_MARK) throw closedForReceive();
    if (r == CANCELLED_MARK) throw cancelled(ctx);
    return cast(r);
  }

  @Override
  public ReceiveResult<E> receiveResult() throws InterruptedException {
    return receiveOutcome(receive0(true, 0, null), null);
  }

  @Override
  public ReceiveResult<E> receiveResult(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    return receiveOutcome(receive0(true, 0, ctx), ctx);
  }

  @Override
  public ReceiveResult<E> tryReceive() {
    return receiveOutcome(tryReceiveNow(), null);
  }

  @Override
  public ReceiveResult<E> tryReceive(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Channel: timeout is null");
    long nanos = Timeouts.nanos(timeout);
    if (nanos <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      Object r = receive0(false, 0, null);
      return receiveOutcome(r == WOULD_BLOCK_MARK ? TIMED_OUT_MARK : r, null);
    }
    return receiveOutcome(receive0(true, Timeouts.deadline(nanos), null), null);
  }

  /**
   * The receive core.
   *
   * @return the value, or {@link #CLOSED_MARK}, {@link #WOULD_BLOCK_MARK} (only when not
   *     blocking), {@link #TIMED_OUT_MARK} or {@link #CANCELLED_MARK}
   */
  private Object receive0(boolean block, long deadline, Context ctx) throws InterruptedException {
    if (block) {
      if (Thread.interrupted()) throw new InterruptedException();
      if (ctx != null && ctx.isDone()) return CANCELLED_MARK;
    }
    if (ring != null) { // the lock-free path: a value and nobody to wake takes no lock
      Object v = ring.poll();
      if (v != Ring.EMPTY) {
        if (v == Ring.CLOSED_EMPTY) return CLOSED_MARK;
        if (sendq.waiting() != 0) wakeAnother(sendq);
        return v;
      }
      if (!block) return WOULD_BLOCK_MARK;
    }
    boolean woken = false; // woken by a buffered channel to look again: holds recvq's baton
    for (; ; ) {
      Object r;
      WaitNode node = null;
      lock.lock();
      try {
        recvq.register(); // before the look at the buffer: see the class notes
        r = tryReceiveLocked();
        if (r == WOULD_BLOCK_MARK && block) node = soloNode(null);
        afterLookLocked(recvq, node, woken);
      } finally {
        unlockAndWake();
      }
      if (node == null) return r;
      int outcome = await(node, recvq, deadline, ctx);
      Object item = node.item;
      node.item = null; // the node is reused: keep no reference to the value
      if (outcome == TIMED_OUT) return TIMED_OUT_MARK;
      if (outcome == CANCELLED) return CANCELLED_MARK;
      if (!node.retry) return node.closed ? CLOSED_MARK : item;
      // A buffered channel gained a value or was closed: look again.
      woken = true;
    }
  }

  /**
   * Each thread's one wait node for single (non-select) operations, reused from one blocking call
   * to the next so that a parked send or receive allocates nothing. A thread waits in at most one
   * single operation at a time, and its node is referenced by others only while it is queued or
   * being completed, both under the lock of the channel it waits on: a completer polls the node
   * and completes it under the lock (so it is unqueued before its owner can see the completion),
   * {@link #close()} completes the drained nodes before it unlocks, and an owner that cancels takes
   * the lock to unqueue its node. So when a call returns nobody else can touch its node, and the
   * next call may reset it.
   */
  private static final ThreadLocal<WaitNode> SOLO =
      ThreadLocal.withInitial(() -> new WaitNode(new ChanWaiter(Thread.currentThread()), 0, null));

  /** With the lock held: this thread's reset solo node carrying {@code item}. */
  private static WaitNode soloNode(Object item) {
    WaitNode node = SOLO.get();
    node.waiter.reset();
    node.item = item;
    node.closed = false;
    node.retry = false;
    return node;
  }

  /**
   * Parks until {@code node}'s waiter is completed, or it cancels itself on interrupt, deadline or
   * context. Returns OK when completed (the caller reads the outcome from the node), TIMED_OUT or
   * CANCELLED when it cancelled itself; throws InterruptedException when interrupted and it
   * cancelled itself. A completion that races with an interrupt wins; the interrupt status is then
   * restored.
   */
  private int await(WaitNode node, WaitQueue queue, long deadline, Context ctx)
      throws InterruptedException {
    ChanWaiter w = node.waiter;
    ContextHooks.Registration reg =
        ctx == null ? null : ContextHooks.onDone(ctx, () -> LockSupport.unpark(w.thread));
    boolean counted = false; // in Spin's count of parked rendezvous waiters
    try {
      // Only a rendezvous hand-off gains from spinning; a buffered waiter that wakes at the first
      // free slot would turn batched draining into a ping-pong per element.
      boolean rendezvous = capacity == 0;
      if (rendezvous && !Spin.crowded()) Spin.awaitDecided(w);
      while (w.state() == null) {
        if (Thread.interrupted()) {
          if (cancel(node, queue)) throw new InterruptedException();
          Thread.currentThread().interrupt();
          break;
        }
        if (ctx != null && ctx.isDone()) {
          if (cancel(node, queue)) return CANCELLED;
          break;
        }
        long left = 0; // untimed
        if (deadline != 0) {
          left = deadline - System.nanoTime();
          if (left <= 0) {
            if (cancel(node, queue)) return TIMED_OUT;
            break;
          }
        }
        counted = Spin.park(this, left, rendezvous, counted);
      }
    } finally {
      if (counted) Spin.unparked();
      if (reg != null) reg.remove();
    }
    return OK;
  }

  private boolean cancel(WaitNode node, WaitQueue queue) {
    if (!node.waiter.tryCancel()) return false;
    lock.lock();
    try {
      queue.remove(node);
    } finally {
      lock.unlock();
    }
    return true;
  }

  // ---- closing and inspection ----

  @Override
  public void close() {
    ArrayList<Thread> wake = new ArrayList<>();
    lock.lock();
    try {
      if (closed) throw new IllegalStateException("Channel: close of closed channel");
      closed = true;
      // Complete the waiters before unlocking: once the lock is released a cancelled waiter may
      // return and reuse its node (see SOLO), so nobody may touch these nodes after that.
      if (ring != null) ring.close();
      // A buffered channel's receivers look again: values sent before the close may still arrive.
      completeClosed(recvq.drain(), wake, ring != null);
      completeClosed(sendq.drain(), wake, false);
    } finally {
      lock.unlock();
    }
    for (Thread t : wake) LockSupport.unpark(t);
  }

  /** With the lock held: completes every node of a drained list as closed, collecting threads. */
  private static void completeClosed(WaitNode list, ArrayList<Thread> wake, boolean retry) {
    for (WaitNode n = list; n != null; ) {
      WaitNode next = n.next;
      n.next = n.prev = null;
      if (retry) n.retry = true;
      else n.closed = true;
      if (n.waiter.tryComplete(n)) wake.add(n.waiter.thread);
      n = next;
    }
  }

  @Override
  public boolean isClosedForSend() {
    // A buffered channel's close takes effect when its ring closes, which is also what
    // isClosedForReceive reads: reading the flag set just before it could see the channel closed
    // for send while a later isClosedForReceive on a drained channel still said open.
    return ring == null ? closed : ring.isClosed();
  }

  @Override
  public boolean isClosedForReceive() {
    return ring == null ? closed : ring.isClosedAndEmpty();
  }

  /** Nodes in the receive queue, including those of waiters that already lost; for tests. */
  int waitingReceivers() {
    lock.lock();
    try {
      return recvq.size();
    } finally {
      lock.unlock();
    }
  }

  /** Nodes in the send queue, including those of waiters that already lost; for tests. */
  int waitingSenders() {
    lock.lock();
    try {
      return sendq.size();
    } finally {
      lock.unlock();
    }
  }

  /** Both queues' {@link WaitQueue#waiting()} counts, under the lock; for tests. */
  int registered() {
    lock.lock();
    try {
      return recvq.waiting() + sendq.waiting();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int len() {
    return ring == null ? 0 : ring.size();
  }

  @Override
  public int cap() {
    return capacity;
  }

  @Override
  public Iterator<E> iterator() {
    return new ChannelIterator<>(this);
  }

  @Override
  public Stream<E> stream() {
    return ChannelIterator.stream(this);
  }

  @Override
  public String toString() {
    return "Channel[cap=" + capacity + ", len=" + len() + (closed ? ", closed" : "") + "]";
  }

  // ---- helpers ----

  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the one unchecked cast
  static <E> E cast(Object o) {
    return (E) o;
  }

  static ChannelClosedException closedForSend() {
    return new ChannelClosedException("Channel: send on closed channel");
  }

  static ChannelClosedException closedForReceive() {
    return new ChannelClosedException("Channel: receive on closed channel");
  }

  static ContextCancelledException cancelled(Context ctx) {
    return (ContextCancelledException) ContextHooks.cancelled(ctx); // the documented type
  }

  static SendResult sendOutcome(int r, Context ctx) {
    return switch (r) {
      case OK -> SendResults.SENT;
      case CLOSED -> SendResults.CLOSED;
      case WOULD_BLOCK -> SendResults.FULL;
      case TIMED_OUT -> SendResults.TIMED_OUT;
      case CANCELLED -> new SendResult.Cancelled(ctx.err().orElseThrow());
      default -> throw new AssertionError(r);
    };
  }

  static <E> ReceiveResult<E> receiveOutcome(Object r, Context ctx) {
    if (r == CLOSED_MARK) return Results.closed();
    if (r == WOULD_BLOCK_MARK) return Results.empty();
    if (r == TIMED_OUT_MARK) return Results.timedOut();
    if (r == CANCELLED_MARK) return new ReceiveResult.Cancelled<>(ctx.err().orElseThrow());
    return new ReceiveResult.Value<>(cast(r));
  }

}
