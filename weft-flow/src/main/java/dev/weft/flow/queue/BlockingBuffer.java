package dev.weft.flow.queue;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consumer side shared by this package's queues: the take family, closing and the size. A
 * subclass stores the elements and decides which one leaves next; this class decides when a taker
 * waits, wakes and gives up.
 *
 * @param <T> element type; never {@code null}
 */
abstract sealed class BlockingBuffer<T> permits RingBuffer, PriorityWorkQueue {

  /*
   * Implementation notes. The subclass's storage is guarded by `lock`, which is never held while
   * waiting. Every element is added and removed under the lock, which is the linearization point
   * of puts, takes and polls. Waiting takers park in ItemPermits, a counting semaphore used as a
   * wake-up count: the subclass calls elementAdded() (under the lock) once per element that
   * increases the size; a blocking take acquires a permit, then removes under the lock, or waits
   * again if a poll took the element in between. A poll removes under the lock without waiting and
   * takes a free permit along if there is one. close() floods the permits so every taker wakes; a
   * taker that finds the buffer empty and closed reports "closed".
   *
   * Permits are released and tryAcquired with the lock held (lock order: this lock, then the
   * semaphore's internal lock, never the reverse), so an element is never visible before a taker
   * can be woken for it.
   *
   * Invariant, whenever the lock is free and the buffer is open: permits available + takers
   * holding a permit but not yet under the lock >= sizeLocked(). So every element is covered: a
   * taker waits only while every buffered element is already promised to a taker on its way to
   * the lock.
   */

  /** Guards the subclass's storage and {@link #closed}. */
  final ReentrantLock lock = new ReentrantLock();

  private final String owner; // the public type's name, for messages
  private final ItemPermits permits = new ItemPermits();
  private boolean closed; // guarded by lock

  BlockingBuffer(String owner) {
    this.owner = owner;
  }

  /**
   * Removes the next element, waiting until there is one.
   *
   * <p>Wakes when an element is put, when the queue is closed (it then drains first), or on
   * interrupt.
   *
   * @return the element removed
   * @throws ChannelClosedException if the queue is closed and empty
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   */
  public T take() throws InterruptedException {
    return ItemPermits.valueOrThrow(owner, awaitAndRemove(null, 0));
  }

  /**
   * Removes the next element, waiting until there is one or {@code ctx} is done.
   *
   * @param ctx the context whose end stops the wait
   * @return the element removed
   * @throws ChannelClosedException if the queue is closed and empty
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; nothing is
   *     removed
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code ctx} is null
   */
  public T take(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, owner + ": context is null");
    return ItemPermits.valueOrThrow(owner, awaitAndRemove(ctx, 0));
  }

  /**
   * Like {@link #take()}, but reports closing as a result.
   *
   * @return {@link ReceiveResult.Value} or {@link ReceiveResult.Closed} (closed and drained)
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   */
  public ReceiveResult<T> takeResult() throws InterruptedException {
    return awaitAndRemove(null, 0);
  }

  /**
   * Like {@link #take(Context)}, but reports closing and cancellation as results.
   *
   * @param ctx the context whose end stops the wait
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Closed}, or {@link
   *     ReceiveResult.Cancelled} if {@code ctx} was done first (checked on entry too)
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code ctx} is null
   */
  public ReceiveResult<T> takeResult(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, owner + ": context is null");
    try {
      return awaitAndRemove(ctx, 0);
    } catch (ContextCancelledException e) {
      return new ReceiveResult.Cancelled<>(e.error());
    }
  }

  /**
   * Removes the next element if one is queued. Never blocks, never fails spuriously (it reports
   * empty only if the queue was empty), ignores the interrupt status. It may take an element ahead
   * of takers waiting for one; they then wait on.
   *
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Empty}, or {@link
   *     ReceiveResult.Closed} if closed and drained
   */
  public ReceiveResult<T> poll() {
    ReceiveResult<T> r = remove(true);
    return r != null ? r : new ReceiveResult.Empty<>();
  }

  /**
   * Removes the next element, waiting at most {@code timeout}. A zero or negative timeout behaves
   * like {@link #poll()} after the interrupt check, but reports {@link ReceiveResult.TimedOut}
   * instead of {@link ReceiveResult.Empty}.
   *
   * @param timeout how long to wait at most
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.TimedOut}, or {@link
   *     ReceiveResult.Closed} if closed and drained
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code timeout} is null
   */
  public ReceiveResult<T> poll(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, owner + ": timeout is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ReceiveResult<T> r = remove(true);
    if (r != null) return r;
    long deadline = ItemPermits.deadlineAfter(timeout);
    if (deadline == 0) return new ReceiveResult.TimedOut<>();
    r = awaitAndRemove(null, deadline);
    return r != null ? r : new ReceiveResult.TimedOut<>();
  }

  /**
   * Closes the queue: later puts throw {@link ChannelClosedException}, takers receive the elements
   * still queued and then learn that it is closed. Wakes every waiting taker (and every putter
   * waiting for room). Idempotent.
   *
   * @return {@code true} if this call closed the queue, {@code false} if it was already closed
   */
  public boolean close() {
    lock.lock();
    try {
      if (closed) return false;
      closed = true;
    } finally {
      lock.unlock();
    }
    permits.closed();
    afterClose();
    return true;
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of elements queued now; a snapshot.
   *
   * @return the number of elements queued
   */
  public int size() {
    lock.lock();
    try {
      return sizeLocked();
    } finally {
      lock.unlock();
    }
  }

  /** Takers waiting now (tests). */
  final int waitingTakers() {
    return permits.waiting();
  }

  // ---- for subclasses ----

  /** The number of elements stored; called with the lock held. */
  abstract int sizeLocked();

  /** Removes and returns the next element; called with the lock held and size > 0. */
  abstract T removeLocked();

  /** Runs once, after the lock was released, when {@link #close()} closed the queue. */
  void afterClose() {}

  /** Whether the queue is closed; called with the lock held. */
  final boolean closedLocked() {
    return closed;
  }

  /** After an element was added that increased the size; called with the lock held. */
  final void elementAdded() {
    permits.added();
  }

  // ---- implementation ----

  /**
   * Waits for a permit, then removes the next element; waits again if a poll took it first.
   *
   * @param ctx a context to give up on, or null
   * @param deadline a System.nanoTime() deadline, or 0 for none
   * @return Value or Closed; null if the deadline passed
   */
  private ReceiveResult<T> awaitAndRemove(Context ctx, long deadline) throws InterruptedException {
    while (true) {
      if (!permits.await(ctx, deadline)) return null;
      ReceiveResult<T> r = remove(false);
      if (r != null) return r;
    }
  }

  /**
   * Removes the next element under the lock, or reports closed-and-empty.
   *
   * @param consumePermit true for a poll, which holds no permit: it takes a free one, if any, along
   *     with the element
   * @return Value, Closed, or null if open and empty
   */
  private ReceiveResult<T> remove(boolean consumePermit) {
    lock.lock();
    try {
      if (sizeLocked() == 0) return closed ? new ReceiveResult.Closed<>() : null;
      if (consumePermit) permits.tryAcquire(); // none free: a waiting taker will find it gone
      return new ReceiveResult.Value<>(removeLocked());
    } finally {
      lock.unlock();
    }
  }
}
