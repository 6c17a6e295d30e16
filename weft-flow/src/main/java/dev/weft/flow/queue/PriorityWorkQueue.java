package dev.weft.flow.queue;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A work queue with priority levels: strict priority, plus a guaranteed minimum share
 * for the levels that ask for one, so that low-priority work is delayed but never starved.
 *
 * <p><b>Mental model.</b> One FIFO per level; level 0 is the highest. A dequeue normally takes
 * from the highest non-empty level. Dequeues are counted in consecutive windows of {@link
 * PriorityOptions#window()} dequeues (the first window starts at creation), and each level {@code
 * k} has {@code reserved(k)} dequeues per window set aside for it.
 *
 * <p><b>The guarantee.</b> In every window, each level that is non-empty at every dequeue of that
 * window (it has a backlog throughout) receives at least {@code reserved(k)} of the window's
 * dequeues. So under continuous load level {@code k} gets at least the share {@code reserved(k) /
 * window} of all dequeues, whatever the higher levels do. Beyond that, the order is strict
 * priority: a dequeue skips a higher non-empty level only when the dequeues left in the window are
 * no more than the reservations still outstanding in it. Within a level, elements leave in the order
 * they were put. With no reservations this is a plain strict-priority queue.
 *
 * <pre>{@code
 * var queue = new PriorityWorkQueue<Job>(PriorityOptions.of(3).withReserved(2, 10)); // low >= 10 %
 * queue.put(0, urgent);
 * queue.put(2, housekeeping);
 * Job next = queue.take(ctx);      // urgent first; housekeeping still gets 10 in every 100
 * }</pre>
 *
 * <p><b>Take family</b>, as for channels: {@link #take()} and {@link #take(Context)} throw {@link
 * ChannelClosedException} once closed and drained; {@link #takeResult()} and {@link
 * #takeResult(Context)} return {@link ReceiveResult}; {@link #poll()} never waits; {@link
 * #poll(Duration)} waits at most a timeout. An interrupt or a done context is checked on entry
 * (failing the call even when work is queued); a call that fails or gives up removes nothing. An
 * element handed over at the moment the taker is interrupted is returned, with the interrupt status
 * left set. Waiting takers are woken first-in first-out; {@link #poll()} may take an element ahead
 * of them (it never waits), and a taker that finds the queue emptied that way waits again.
 *
 * <p><b>Capacity.</b> By default the queue is unbounded and {@link #put} never waits. With {@link
 * PriorityOptions#withCapacity} it holds at most that many elements over all levels: {@link
 * #put(int, Object)} and {@link #put(int, Object, Context)} wait for room (putters are served
 * first-in first-out, whatever their level), {@link #offer} reports a full queue. Either way an
 * interrupt or a done context on entry fails a put, and a put that fails adds nothing. Closing wakes
 * waiting putters, which then throw {@link ChannelClosedException}.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to {@code put} of an element
 * <i>happen-before</i> actions subsequent to the removal of that element in another thread. {@link
 * #close()} happens-before a take that reports the queue closed.
 *
 * <p>All methods are thread-safe. A new queue is empty and open; a closed queue cannot be reopened.
 *
 * @param <T> element type; never {@code null}
 */
public final class PriorityWorkQueue<T> extends BlockingBuffer<T> {

  /*
   * Implementation notes. One ArrayDeque per level, all guarded by BlockingBuffer's lock, which
   * also holds the take side (see there). Which level a removal takes from is the
   * ShareScheduler's decision, made under the lock.
   *
   * A bounded queue has a second ItemPermits, `room`, for putters: one permit per free slot,
   * released by every removal. A blocking put acquires room, then adds, or waits again if an
   * offer took the slot in between; offer never waits and takes a free room permit along when
   * there is one. Closing floods `room` too, so every waiting putter wakes and sees "closed".
   * Same lock order as the take side: this lock, then the semaphore's internal lock.
   *
   * Invariants, whenever the lock is free:
   *   - total == sum of sizes[k] == sum of queues[k].size() <= capacity.
   *   - While open and bounded: room available + putters holding room but not yet under the lock
   *     >= capacity - total.
   */

  private final PriorityOptions options;
  private final List<ArrayDeque<T>> queues; // guarded by lock
  private final int[] sizes; // guarded by lock
  private final long[] dequeued; // guarded by lock
  private int total; // guarded by lock
  private final ShareScheduler scheduler; // guarded by lock
  private final ItemPermits room; // free slots of a bounded queue; null when unbounded

  /**
   * A new, empty, open queue with the given levels and reservations.
   *
   * @param options the levels, reservations and capacity
   * @throws NullPointerException if {@code options} is null
   */
  public PriorityWorkQueue(PriorityOptions options) {
    super("PriorityWorkQueue");
    this.options = Objects.requireNonNull(options, "PriorityWorkQueue: options is null");
    int n = options.levels();
    List<ArrayDeque<T>> qs = new ArrayList<>(n);
    for (int k = 0; k < n; k++) qs.add(new ArrayDeque<>());
    this.queues = List.copyOf(qs);
    this.sizes = new int[n];
    this.dequeued = new long[n];
    this.scheduler = new ShareScheduler(options);
    this.room =
        options.capacity() == PriorityOptions.UNBOUNDED ? null : new ItemPermits(options.capacity());
  }

  /**
   * Appends {@code value} to level {@code level} (0 is the highest), waiting for room if the queue
   * is bounded and full; wakes the longest-waiting taker.
   *
   * <p>Wakes (when waiting for room) when a take frees a slot, when the queue is closed, or on
   * interrupt. An unbounded queue never waits.
   *
   * @param level the level, 0 the highest
   * @param value the element
   * @throws ChannelClosedException if the queue is closed, on entry or while waiting; nothing is
   *     added
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is added
   * @throws IllegalArgumentException if {@code level} is not in {@code 0..levels-1}
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if an unbounded queue already holds {@code Integer.MAX_VALUE}
   *     elements
   */
  public void put(int level, T value) throws InterruptedException {
    checkPut(level, value);
    awaitRoomAndAdd(level, value, null);
  }

  /**
   * Like {@link #put(int, Object)}, but gives up waiting for room when {@code ctx} is done.
   *
   * @param level the level, 0 the highest
   * @param value the element
   * @param ctx the context whose end stops the wait
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; nothing is
   *     added
   * @throws ChannelClosedException if the queue is closed, on entry or while waiting
   * @throws InterruptedException if interrupted on entry or while waiting; nothing is added
   * @throws IllegalArgumentException if {@code level} is not in {@code 0..levels-1}
   * @throws NullPointerException if an argument is null
   */
  public void put(int level, T value, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "PriorityWorkQueue: context is null");
    checkPut(level, value);
    awaitRoomAndAdd(level, value, ctx);
  }

  /**
   * Appends {@code value} to level {@code level} if there is room now. Never blocks, never fails
   * spuriously (it reports full only if the queue held {@code capacity} elements), ignores the
   * interrupt status. It may take a slot ahead of putters waiting for one; they then wait on.
   *
   * @param level the level, 0 the highest
   * @param value the element
   * @return {@code true} if added, {@code false} if the bounded queue is full
   * @throws ChannelClosedException if the queue is closed; nothing is added
   * @throws IllegalArgumentException if {@code level} is not in {@code 0..levels-1}
   * @throws NullPointerException if {@code value} is null
   */
  public boolean offer(int level, T value) {
    checkPut(level, value);
    return add(level, value, true);
  }

  /**
   * Elements queued now at {@code level}; a snapshot.
   *
   * @param level the level, 0 the highest
   * @return elements queued now at {@code level}; a snapshot
   * @throws IllegalArgumentException if {@code level} is out of range
   */
  public int size(int level) {
    options.checkLevel("PriorityWorkQueue", level);
    lock.lock();
    try {
      return sizes[level];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Elements removed from each level since creation, indexed by level; a snapshot.
   *
   * @return elements removed from each level since creation, indexed by level; a snapshot
   */
  public List<Long> dequeuedPerLevel() {
    lock.lock();
    try {
      List<Long> out = new ArrayList<>(dequeued.length);
      for (long d : dequeued) out.add(d);
      return List.copyOf(out);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The levels and reservations this queue was created with.
   *
   * @return the levels and reservations this queue was created with
   */
  public PriorityOptions options() {
    return options;
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "PriorityWorkQueue[levels=" + sizes.length + ", size=" + total
          + (closedLocked() ? ", closed]" : "]");
    } finally {
      lock.unlock();
    }
  }

  /** Putters waiting for room now (tests). */
  int waitingPutters() {
    return room == null ? 0 : room.waiting();
  }

  // ---- implementation ----

  private void checkPut(int level, T value) {
    Objects.requireNonNull(value, "PriorityWorkQueue: value is null");
    options.checkLevel("PriorityWorkQueue", level);
  }

  /** Blocking put: waits for a room permit (bounded) and adds; waits again if a offer won. */
  private void awaitRoomAndAdd(int level, T value, Context ctx) throws InterruptedException {
    if (room == null) {
      if (Thread.interrupted()) throw new InterruptedException();
      if (ctx != null) ctx.throwIfDone();
      add(level, value, false);
      return;
    }
    do {
      if (ctx != null) room.acquire(ctx);
      else room.acquire();
    } while (!add(level, value, false));
  }

  /**
   * Adds under the lock if there is room.
   *
   * @param consumeRoom true for offer, which holds no room permit: it takes a free one, if any,
   *     along with the slot
   * @return false if a bounded queue is full
   * @throws ChannelClosedException if closed
   */
  private boolean add(int level, T value, boolean consumeRoom) {
    lock.lock();
    try {
      if (closedLocked()) throw closedForPut();
      if (room == null) {
        if (total == Integer.MAX_VALUE) throw new IllegalStateException("PriorityWorkQueue: full");
      } else {
        if (total >= options.capacity()) return false;
        if (consumeRoom) room.tryAcquire(); // none free: a waiting putter finds it full
      }
      queues.get(level).addLast(value);
      sizes[level]++;
      total++;
      elementAdded(); // under the lock: nobody sees the element before a taker can be woken
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static ChannelClosedException closedForPut() {
    return new ChannelClosedException("PriorityWorkQueue: put on a closed queue");
  }

  @Override
  int sizeLocked() {
    return total;
  }

  @Override
  T removeLocked() {
    int level = scheduler.next(sizes);
    T v = Objects.requireNonNull(queues.get(level).pollFirst());
    sizes[level]--;
    total--;
    dequeued[level]++;
    if (room != null) room.added(); // a slot is free
    return v;
  }

  @Override
  void afterClose() {
    if (room != null) room.closed();
  }
}
