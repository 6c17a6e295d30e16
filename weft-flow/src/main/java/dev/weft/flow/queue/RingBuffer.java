package dev.weft.flow.queue;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
public final class RingBuffer<T> extends BlockingBuffer<T> {

  /*
   * Implementation notes. A circular array guarded by BlockingBuffer's lock, which also holds the
   * take side (see there). put calls elementAdded() once per element added, not per eviction,
   * which replaces an element and leaves the wake-up count unchanged.
   *
   * Invariant, whenever the lock is free: 0 <= count <= items.length; the elements are
   * items[head], items[(head+1) % cap], ...
   */

  private final Object[] items; // guarded by lock
  private int head; // guarded by lock
  private int count; // guarded by lock
  private long dropped; // guarded by lock

  /**
   * A new, empty, open ring buffer holding at most {@code capacity} elements.
   *
   * @param capacity the maximum number of elements held
   * @throws IllegalArgumentException if {@code capacity <= 0}
   */
  public RingBuffer(int capacity) {
    super("RingBuffer");
    if (capacity <= 0) {
      throw new IllegalArgumentException("RingBuffer: capacity must be > 0, got " + capacity);
    }
    this.items = new Object[capacity];
  }

  /**
   * Appends {@code value}; if the buffer was full, first evicts the oldest element, counts it in
   * {@link #dropped()} and returns it. Never blocks and ignores the interrupt status.
   *
   * @param value the element to append
   * @return the evicted element, or empty if there was room
   * @throws ChannelClosedException if the buffer is closed; nothing changes
   * @throws NullPointerException if {@code value} is null
   */
  public Optional<T> put(T value) {
    Objects.requireNonNull(value, "RingBuffer: value is null");
    T evicted = null;
    lock.lock();
    try {
      if (closedLocked()) throw new ChannelClosedException("RingBuffer: put on a closed ring buffer");
      if (count == items.length) {
        evicted = removeHeadLocked();
        dropped++;
      }
      items[(head + count) % items.length] = value;
      count++;
      // Under the lock, so that no one sees the element (size, snapshot) before it can be polled.
      // An eviction replaced an element: no new permit.
      if (evicted == null) elementAdded();
    } finally {
      lock.unlock();
    }
    return Optional.ofNullable(evicted);
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
   * @return a copy of the buffered elements, oldest first
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
          + (closedLocked() ? ", closed]" : "]");
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  @Override
  int sizeLocked() {
    return count;
  }

  @Override
  T removeLocked() {
    return removeHeadLocked();
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
