package dev.weft.flow.pubsub;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.flow.internal.ItemPermits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded buffer whose producers never wait: when it is full, {@link #put} evicts the oldest
 * element to make room and hands it back. For data where the newest matters most (log tails,
 * telemetry, the last N events), where a channel would block the producer.
 *
 * <p><b>Mental model.</b> A FIFO of at most {@link #capacity()} elements. {@link #put} appends and,
 * if that overflows, removes the head, counting it in {@link #dropped()}. Consumers remove from the
 * head with {@link #take()} (waits), {@link #poll()} (never waits) or their timed and {@link
 * Context}-aware forms. {@link #close()} says "no more elements": consumers still receive what is
 * buffered, then learn that the buffer is closed. A new ring buffer is empty and open; a closed one
 * cannot be reopened.
 *
 * <pre>{@code
 * RingBuffer<LogLine> tail = new RingBuffer<>(1_000);
 * tail.put(line);                       // never blocks; evicts the oldest line when full
 * ...
 * while (tail.takeResult(ctx) instanceof ReceiveResult.Value<LogLine>(var l)) ship(l);
 * }</pre>
 *
 * <p><b>Take family.</b> {@link #take()} and {@link #take(Context)} throw {@link
 * ChannelClosedException} when closed and drained; {@link #takeResult()} and {@link
 * #takeResult(Context)} report {@link ReceiveResult.Closed} (and {@link ReceiveResult.Cancelled})
 * instead; {@link #poll()} never waits; {@link #poll(Duration)} waits at most a timeout. An
 * interrupt or a done context is checked on entry and fails the call even if an element is
 * buffered; a call that fails or gives up removes nothing. An element handed to a taker at the
 * moment it is interrupted is returned, with the interrupt status left set.
 *
 * <p><b>Fairness.</b> Elements leave in the order they were put (eviction only ever removes the
 * head). Waiting takers are woken first-in first-out; a {@link #poll()} may take an element ahead of
 * them (it never waits), and a taker that finds its element gone that way waits again.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code put} of an element
 * <i>happen-before</i> actions subsequent to the removal of that element (by a take, a poll, or by
 * eviction, as seen by the thread whose {@code put} evicted it) in another thread. {@link #close()}
 * happens-before a take that reports the buffer closed.
 *
 * <p>All methods are thread-safe, for any number of producers and consumers. Null elements are
 * rejected.
 *
 * @param <T> element type
 */
public final class RingBuffer<T> {

  /*
   * Implementation notes. A circular array guarded by one ReentrantLock, never held while
   * waiting. Every element is removed under the lock, which is the linearization point of takes
   * and polls. Waiting takers park in ItemPermits, a counting semaphore used as a wake-up count:
   * put releases one permit per element added (not per eviction, which leaves the count unchanged);
   * a blocking take acquires a permit, then removes the head under the lock, or waits again if a
   * poll took the element in between. A poll removes under the lock without waiting and takes a
   * free permit along if there is one. close() floods the permits so every taker wakes; a taker
   * that finds the buffer empty and closed reports "closed".
   *
   * Permits are released and tryAcquired with the lock held (lock order: this lock, then the
   * semaphore's internal lock, never the reverse), so an element is never visible before a taker
   * can be woken for it.
   *
   * Invariants, whenever the lock is free:
   *   - 0 <= count <= items.length; the elements are items[head], items[(head+1) % cap], ...
   *   - While open: permits available + takers holding a permit but not yet under the lock
   *     >= count. So every element is covered: a taker waits only while every buffered element is
   *     already promised to a taker on its way to the lock.
   */

  private final ReentrantLock lock = new ReentrantLock();
  private final Object[] items; // guarded by lock
  private int head; // guarded by lock
  private int count; // guarded by lock
  private boolean closed; // guarded by lock
  private long dropped; // guarded by lock
  private final ItemPermits permits = new ItemPermits();

  /**
   * A new, empty, open ring buffer holding at most {@code capacity} elements.
   *
   * @param capacity the number of elements kept, at least 1
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public RingBuffer(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("RingBuffer: capacity must be > 0, got " + capacity);
    }
    this.items = new Object[capacity];
  }

  /**
   * Appends {@code value}; if the buffer was full, first evicts the oldest element, counts it in
   * {@link #dropped()} and returns it. Never blocks and ignores the interrupt status.
   *
   * @param value the element to add
   * @return the evicted element, or empty if there was room
   * @throws ChannelClosedException if the buffer is closed; nothing changes
   * @throws NullPointerException if {@code value} is null
   */
  public Optional<T> put(T value) {
    Objects.requireNonNull(value, "RingBuffer: value is null");
    T evicted = null;
    lock.lock();
    try {
      if (closed) throw new ChannelClosedException("RingBuffer: put on a closed ring buffer");
      if (count == items.length) {
        evicted = removeHeadLocked();
        dropped++;
      }
      items[(head + count) % items.length] = value;
      count++;
      // Under the lock, so that no one sees the element (size, snapshot) before it can be polled.
      // An eviction replaced an element: no new permit.
      if (evicted == null) permits.added();
    } finally {
      lock.unlock();
    }
    return Optional.ofNullable(evicted);
  }

  /**
   * Removes the oldest element, waiting until one is buffered.
   *
   * <p>Wakes when an element is put, when the buffer is closed (then drains it first), or on
   * interrupt.
   *
   * @return the oldest element
   * @throws ChannelClosedException if the buffer is closed and empty
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   */
  public T take() throws InterruptedException {
    return ItemPermits.valueOrThrow("RingBuffer", awaitAndRemove(null, 0));
  }

  /**
   * Removes the oldest element, waiting until one is buffered or {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @return the oldest element
   * @throws ChannelClosedException if the buffer is closed and empty
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; nothing is
   *     removed
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code ctx} is null
   */
  public T take(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "RingBuffer: context is null");
    return ItemPermits.valueOrThrow("RingBuffer", awaitAndRemove(ctx, 0));
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
   * @param ctx the context; the call gives up when it is done
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Closed}, or {@link
   *     ReceiveResult.Cancelled} if {@code ctx} was done first (checked on entry too)
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code ctx} is null
   */
  public ReceiveResult<T> takeResult(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "RingBuffer: context is null");
    try {
      return awaitAndRemove(ctx, 0);
    } catch (ContextCancelledException e) {
      return new ReceiveResult.Cancelled<>(e.error());
    }
  }

  /**
   * Removes the oldest element if one is buffered. Never blocks, never fails spuriously (it reports
   * empty only if the buffer was empty), ignores the interrupt status. It may take an element ahead
   * of takers that are waiting for it; they then wait on.
   *
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.Empty}, or {@link
   *     ReceiveResult.Closed} if closed and drained
   */
  public ReceiveResult<T> poll() {
    ReceiveResult<T> r = remove(true);
    return r != null ? r : new ReceiveResult.Empty<>();
  }

  /**
   * Removes the oldest element, waiting at most {@code timeout}. A zero or negative timeout
   * behaves like {@link #poll()} after the interrupt check, but reports {@link
   * ReceiveResult.TimedOut} instead of {@link ReceiveResult.Empty}.
   *
   * @param timeout how long to wait at most
   * @return {@link ReceiveResult.Value}, {@link ReceiveResult.TimedOut}, or {@link
   *     ReceiveResult.Closed} if closed and drained
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is removed
   * @throws NullPointerException if {@code timeout} is null
   */
  public ReceiveResult<T> poll(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "RingBuffer: timeout is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ReceiveResult<T> r = remove(true);
    if (r != null) return r;
    long deadline = ItemPermits.deadlineAfter(timeout);
    if (deadline == 0) return new ReceiveResult.TimedOut<>();
    r = awaitAndRemove(null, deadline);
    return r != null ? r : new ReceiveResult.TimedOut<>();
  }

  /**
   * Closes the buffer: later puts throw, takers receive the elements still buffered and then
   * learn that it is closed. Wakes every waiting taker. Idempotent.
   *
   * @return {@code true} if this call closed the buffer, {@code false} if it was already closed
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
    return true;
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return whether {@link #close()} was called
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
   * The number of elements buffered now; a snapshot.
   *
   * @return the number of elements buffered now; a snapshot
   */
  public int size() {
    lock.lock();
    try {
      return count;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The maximum number of elements held.
   *
   * @return the maximum number of elements held
   */
  public int capacity() {
    return items.length;
  }

  /**
   * How many elements {@link #put} has evicted since creation.
   *
   * @return how many elements {@link #put} has evicted since creation
   */
  public long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The buffered elements, oldest first, without removing them; a snapshot.
   *
   * @return the buffered elements, oldest first, without removing them; a snapshot
   */
  public List<T> snapshot() {
    lock.lock();
    try {
      List<T> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) out.add(elementAt((head + i) % items.length));
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "RingBuffer[size=" + count + ", capacity=" + items.length + ", dropped=" + dropped
          + (closed ? ", closed]" : "]");
    } finally {
      lock.unlock();
    }
  }

  /** Number of takers waiting now (tests). */
  int waitingTakers() {
    return permits.waiting();
  }

  // ---- implementation ----

  /**
   * Waits for a permit, then removes the head; waits again if a poll took the element first.
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
   * Removes the head under the lock, or reports closed-and-empty.
   *
   * @param consumePermit true for a poll, which holds no permit: it takes a free permit, if any,
   *     along with the element
   * @return Value, Closed, or null if open and empty
   */
  private ReceiveResult<T> remove(boolean consumePermit) {
    lock.lock();
    try {
      if (count == 0) return closed ? new ReceiveResult.Closed<>() : null;
      if (consumePermit) permits.tryAcquire(); // none free: a waiting taker will find it gone
      return new ReceiveResult.Value<>(removeHeadLocked());
    } finally {
      lock.unlock();
    }
  }


  private T removeHeadLocked() {
    T v = elementAt(head);
    items[head] = null;
    head = (head + 1) % items.length;
    count--;
    return v;
  }

  @SuppressWarnings("unchecked")
  private T elementAt(int i) {
    return (T) items[i];
  }

}
