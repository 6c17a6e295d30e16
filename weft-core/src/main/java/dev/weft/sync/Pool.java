package dev.weft.sync;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cache of reusable objects, such as buffers, that spares the allocator on hot paths: Go's
 * {@code sync.Pool}.
 *
 * <p><b>Mental model.</b> {@link #get()} returns an idle object if there is one, otherwise a new
 * one from the supplier; {@link #put(Object)} resets an object and offers it back. The pool keeps
 * only a bounded number of idle objects and drops the rest: any object put may be dropped (left to
 * the garbage collector) without notice, and {@link #clear()} drops them all. A pool is therefore a
 * way to allocate less, never a way to keep objects: nothing that must survive (open connections,
 * objects with identity) belongs in it.
 *
 * <pre>{@code
 * static final Pool<ByteBuffer> BUFFERS =
 *     Pool.create(() -> ByteBuffer.allocate(64 * 1024), ByteBuffer::clear);
 *
 * ByteBuffer buf = BUFFERS.get();
 * try {
 *   encode(message, buf);
 *   channel.write(buf.flip());
 * } finally {
 *   BUFFERS.put(buf);   // reset (cleared) and kept, or dropped
 * }
 * }</pre>
 *
 * <p><b>Where idle objects live.</b> Go keeps a small cache per processor (P) and a shared list.
 * With virtual threads the carrier thread that runs a virtual thread is not observable from Java
 * (and a virtual thread may move to another carrier at any park), so this pool cannot have a cache
 * per carrier. It stripes instead by the id of the calling thread: a fixed set of small caches,
 * about two per available processor, each reached by a hash of {@link Thread#threadId()}, in front
 * of a shared overflow list of at most {@code maxShared} objects. A thread that puts and then gets
 * finds its object again in its own stripe; threads that share a stripe contend only on a
 * compare-and-set. Neither {@code get} nor {@code put} ever blocks or looks at the interrupt
 * status.
 *
 * <p><b>Reset.</b> The reset hook runs in {@code put}, on the caller's thread, before the object
 * is offered; if it throws, the object is dropped and the exception propagates from {@code put}.
 * So every object {@code get} returns is either new or reset.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to putting an object
 * <i>happen-before</i> actions after the {@code get} that returns that object in another thread.
 *
 * <p>All methods are thread-safe. An object must not be used after it was put.
 *
 * @param <T> the type of the pooled objects
 */
public final class Pool<T> {

  /*
   * Implementation notes. `slots` holds STRIPE_SLOTS references per stripe, stripe s at
   * [s * STRIPE_SLOTS, (s + 1) * STRIPE_SLOTS); a slot is taken by getAndSet(null) after a plain
   * read saw it full, and filled by compareAndSet(null, x), so every object is handed to exactly
   * one getter. The shared overflow is a lock-free queue whose size is bounded by `sharedCount`,
   * incremented before an offer and decremented after a successful poll (so it may briefly
   * overstate the size, never understate it, and the bound holds). Stripes are not padded: a
   * benchmark has to show false sharing between neighbours first.
   */

  /** The default bound of the shared overflow of {@link #create(Supplier, Consumer)}. */
  public static final int DEFAULT_MAX_SHARED = 64;

  private static final int STRIPE_SLOTS = 2;
  private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

  private final Supplier<? extends T> newObject;
  private final Consumer<? super T> reset;
  private final int maxShared;
  private final AtomicReferenceArray<T> slots = new AtomicReferenceArray<>(STRIPES * STRIPE_SLOTS);
  private final ConcurrentLinkedQueue<T> shared = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sharedCount = new AtomicInteger();

  private Pool(Supplier<? extends T> newObject, Consumer<? super T> reset, int maxShared) {
    this.newObject = Objects.requireNonNull(newObject, "Pool: supplier is null");
    this.reset = Objects.requireNonNull(reset, "Pool: reset is null");
    if (maxShared < 0) throw new IllegalArgumentException("Pool: maxShared is negative: " + maxShared);
    this.maxShared = maxShared;
  }

  /**
   * A new, empty pool whose objects come from {@code newObject} and are not reset.
   *
   * @param <T> the type of the pooled objects
   * @param newObject makes an object when the pool has none idle; must not return null
   * @return a new pool
   * @throws NullPointerException if {@code newObject} is null
   */
  public static <T> Pool<T> create(Supplier<? extends T> newObject) {
    return new Pool<>(newObject, x -> {}, DEFAULT_MAX_SHARED);
  }

  /**
   * A new, empty pool whose objects come from {@code newObject} and are reset by {@code reset}
   * when put back.
   *
   * @param <T> the type of the pooled objects
   * @param newObject makes an object when the pool has none idle; must not return null
   * @param reset returns an object to its initial state (a buffer's {@code clear}, say)
   * @return a new pool
   * @throws NullPointerException if an argument is null
   */
  public static <T> Pool<T> create(Supplier<? extends T> newObject, Consumer<? super T> reset) {
    return new Pool<>(newObject, reset, DEFAULT_MAX_SHARED);
  }

  /**
   * Like {@link #create(Supplier, Consumer)}, keeping at most {@code maxShared} idle objects in the
   * shared overflow, besides the small per-stripe caches; {@code 0} keeps only those.
   *
   * @param <T> the type of the pooled objects
   * @param newObject makes an object when the pool has none idle; must not return null
   * @param reset returns an object to its initial state
   * @param maxShared the most idle objects in the shared overflow, {@code >= 0}
   * @return a new pool
   * @throws IllegalArgumentException if {@code maxShared} is negative
   * @throws NullPointerException if an argument is null
   */
  public static <T> Pool<T> create(Supplier<? extends T> newObject, Consumer<? super T> reset, int maxShared) {
    return new Pool<>(newObject, reset, maxShared);
  }

  /**
   * An idle object, preferring one put by a thread of the caller's stripe, or else a new one from
   * the supplier. Never blocks.
   *
   * @return an object for the caller's exclusive use until it puts it back
   * @throws NullPointerException if the supplier returned null
   */
  public T get() {
    int base = stripe() * STRIPE_SLOTS;
    for (int i = base; i < base + STRIPE_SLOTS; i++) {
      if (slots.get(i) != null) {
        T x = slots.getAndSet(i, null);
        if (x != null) return x;
      }
    }
    T x = shared.poll();
    if (x != null) {
      sharedCount.decrementAndGet();
      return x;
    }
    return Objects.requireNonNull(newObject.get(), "Pool: supplier returned null");
  }

  /**
   * Resets {@code x} and keeps it for a later {@link #get()}, or drops it if the caches are full.
   * Never blocks. The caller must not use {@code x} afterwards.
   *
   * @param x the object, typically one {@code get} returned
   * @throws NullPointerException if {@code x} is null
   * @throws RuntimeException whatever the reset hook threw; then {@code x} was dropped
   */
  public void put(T x) {
    Objects.requireNonNull(x, "Pool: object is null");
    reset.accept(x);
    int base = stripe() * STRIPE_SLOTS;
    for (int i = base; i < base + STRIPE_SLOTS; i++) {
      if (slots.get(i) == null && slots.compareAndSet(i, null, x)) return;
    }
    if (sharedCount.incrementAndGet() <= maxShared) {
      shared.offer(x);
    } else {
      sharedCount.decrementAndGet(); // full: drop x
    }
  }

  /**
   * Drops every idle object, for example when memory is short or the workload changed. Objects put
   * concurrently may stay.
   */
  public void clear() {
    for (int i = 0; i < slots.length(); i++) slots.set(i, null);
    while (shared.poll() != null) sharedCount.decrementAndGet();
  }

  /**
   * The number of idle objects: a snapshot for monitoring and tests, exact only when no other
   * thread uses the pool.
   *
   * @return the number of idle objects
   */
  public int idle() {
    int n = 0;
    for (int i = 0; i < slots.length(); i++) if (slots.get(i) != null) n++;
    return n + shared.size();
  }

  /**
   * The most idle objects this pool keeps: the per-stripe caches and {@code maxShared}.
   *
   * @return the bound on {@link #idle()}
   */
  public int maxIdle() {
    return slots.length() + maxShared;
  }

  private static int stripe() {
    long id = Thread.currentThread().threadId();
    long h = id * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive ids spread over stripes
    return (int) (h >>> 40) & (STRIPES - 1);
  }

  /** About two stripes per processor, a power of two between 2 and 256. */
  static int stripes(int processors) {
    int n = Math.max(2, Math.min(256, 2 * processors));
    return Integer.highestOneBit(n - 1) << 1;
  }

  @Override
  public String toString() {
    return "Pool[idle " + idle() + " of at most " + maxIdle() + "]";
  }
}
