package dev.weft.resilience.ratelimit;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A rate limit per key (a client, a tenant, a route): every key has its own token bucket with the
 * same {@link Bandwidth}, created on the key's first use and dropped again once it is idle, so that
 * memory stays bounded however many keys come and go.
 *
 * <p><b>Mental model.</b> Think of a map from key to {@link TokenBucket} that fills itself and
 * cleans itself up. Each key's bucket starts full, fills at the bandwidth's rate up to its capacity,
 * and a request for {@code n} permits takes {@code n} tokens from its key's bucket only. A bucket
 * that is full again holds nothing worth remembering: a new bucket would decide exactly the same.
 * So a key whose bucket has been full for {@link Config#idleExpiry()} is dropped, and when the
 * map holds {@link Config#maxKeys()} keys, a new key first makes room by dropping a full one.
 *
 * <pre>{@code
 * KeyedRateLimiter<String> perClient = KeyedRateLimiter.of(Bandwidth.perSecond(10));
 * if (perClient.decide(clientId, 1) instanceof Decision.Limited l) {
 *   return tooManyRequests(l.retryAfter());        // HTTP 429 with Retry-After
 * }
 * }</pre>
 *
 * <p><b>Algorithm.</b> A token bucket counted as in {@link TokenBucket}: tokens arrive on one
 * fixed schedule shared by all keys, counted in exact integers from the limiter's creation (the
 * {@code k}-th at {@code ceil(k × refillPeriod / refillTokens)}; for an interval refill, all of a
 * period's tokens at its end), and a key remembers only the number of the last token it took. A
 * request for {@code n} takes tokens {@code max(last, arrived - capacity) + 1} to {@code +n} if they
 * have all arrived; that is the virtual scheduling of GCRA, counted in tokens. Each key decides
 * exactly like a {@code TokenBucket} with the same bandwidth created together with the limiter.
 *
 * <p><b>Eviction.</b> A key is <i>idle</i> once its bucket has been full for at least {@link
 * Config#idleExpiry()}; since every admitted request leaves the bucket short of full, it has also
 * not been used for that long. Idle keys are dropped by a sweep that a few calls run, a slice of
 * the keys at a time, about once per {@code idleExpiry} (so a key goes within roughly twice the
 * expiry while the limiter is in use), or at once by {@link #cleanUp()}. Dropping a full bucket
 * changes no decision. When a new key comes and the limiter holds {@code maxKeys} keys, it drops
 * a full key, whatever its expiry, found by a sweep hand that goes round the keys. If the hand
 * meets only busy keys for a while, it drops the one among those it met whose bucket will be full
 * soonest, rather than refuse the new key. That key is then more permissive than its
 * limit, by at most the tokens its bucket lacked, and never less; refusing instead would let the
 * holders of {@code maxKeys} busy keys lock every newcomer out. Keys with blocked acquirers are
 * never dropped: if nothing else can be dropped, the limiter holds more than {@code maxKeys} keys
 * until something can.
 *
 * <p><b>Fairness.</b> Per key, first come, first served: {@link #acquire} waits in line behind the
 * acquirers of the same key that came before it, and while anyone waits for a key, {@link
 * #tryAcquire} and {@link #decide} refuse that key. A waiter that gives up (interrupt, context
 * done) has taken nothing and leaves its key as if it had never come. Keys never wait for each
 * other.
 *
 * <p><b>Memory.</b> On a 64-bit JVM with compressed pointers, a key costs a 24-byte cell (the key
 * reference and one {@code long}), a 32-byte {@link ConcurrentHashMap} node and 5 to 11 bytes of
 * table: about 65 bytes, plus the key object itself (a map of Bucket4j buckets takes about 290;
 * see {@code KeyedMemory} in weft-bench). Only a key with waiters holds more, a line of about 250
 * bytes and about 100 per waiter, gone when the last waiter leaves. On a known key, {@code
 * tryAcquire} and an admitted {@code decide} are one hash lookup and one CAS, allocate nothing and
 * take no lock.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions of a waiter prior to giving up <i>happen-before</i> the admission of a waiter of
 * the same key that was behind it.
 *
 * <p>All methods are thread-safe. A limiter needs no closing and starts no thread.
 *
 * @param <K> the key type; keys are compared with {@code equals} and {@code hashCode}, and should
 *     be immutable
 */
public final class KeyedRateLimiter<K> {

  /*
   * Implementation notes. `cells` maps each key to a KeyedCell holding its count: the number of
   * the last token it took on `band`'s schedule. `band` is anchored at the limiter's creation with
   * `capacity` tokens already counted, so that the count of a full bucket, `slotsAt(now) -
   * capacity`, is never negative, and negative values can mark a cell DEAD or LINED.
   *
   * Hot path: get the cell, read the count, CAS it up by n if the tokens have arrived. A full
   * cell's count is at most `floor(now)`, and a take raises the count to at least
   * `floor(now) + n`, so a cell with count <= floor(now) decides exactly as a new cell: eviction of
   * a full cell changes nothing. Eviction CASes the count it judged to DEAD, then removes the
   * cell from the map, so a concurrent take either happened before (and the CAS fails, the cell
   * stays) or sees DEAD and starts over with a new cell (full, like the dead one). Without the DEAD
   * step, a take on a cell just removed would be forgotten: the key would get the tokens twice.
   *
   * Bound: `slots` counts the cells in the map plus the inserts in flight. An insert first takes a
   * slot; above maxKeys it makes room, under `sweepLock`, before putting its cell; whoever removes
   * a cell from the map gives its slot back. So the map holds at most maxKeys cells unless makeRoom
   * finds nothing it may evict (every key lined).
   *
   * Sweeping: `hand` is a weakly consistent iterator over the cells, guarded by `sweepLock`. A call
   * that reads the clock at or past `sweepDue` tries the lock and, if it gets it, sweeps a slice of
   * SWEEP_SLICE cells, dropping idle ones; when the hand reaches the end, the pass is over and
   * `sweepDue` moves a sweep period ahead. makeRoom moves the same hand, so eviction goes round
   * the keys like a clock hand instead of always starting at the table's first bins.
   *
   * Lines: see KeyedLine. `lines` holds a line only while its key has waiters. Lock order:
   * a line's lock, then `sweepLock` (a first waiter may insert its key); never the reverse.
   */

  /** Cells a sweep slice looks at. */
  private static final int SWEEP_SLICE = 64;

  /** Busy cells makeRoom looks at before it evicts the one that will be full soonest. */
  private static final int SAMPLE = 16;

  /** The shortest time between two sweep passes. */
  private static final long MIN_SWEEP_PERIOD = 1_000_000;

  private final Clock clock;
  private final Bandwidth bandwidth;
  private final Config config;
  private final Band band;
  private final long capacity;
  private final long idleNanos;
  private final long sweepPeriod;

  private final ConcurrentHashMap<K, KeyedCell<K>> cells = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<K, KeyedLine<K>> lines = new ConcurrentHashMap<>();
  private final AtomicLong slots = new AtomicLong();
  private final ReentrantLock sweepLock = new ReentrantLock();

  private Iterator<KeyedCell<K>> hand; // guarded by sweepLock
  private volatile long sweepDue; // written under sweepLock

  private KeyedRateLimiter(Clock clock, Bandwidth bandwidth, Config config) {
    this.clock = clock;
    this.bandwidth = bandwidth;
    this.config = config;
    this.capacity = bandwidth.capacity();
    long now = clock.nanoTime();
    this.band = new Band(bandwidth, now, capacity);
    this.idleNanos = Bandwidth.periodNanos(config.idleExpiry());
    this.sweepPeriod = Math.max(MIN_SWEEP_PERIOD, idleNanos);
    this.sweepDue = Band.satAdd(now, sweepPeriod);
  }

  /**
   * A limiter on the system clock, with {@link Config#defaults()}.
   *
   * @param <K> the key type
   * @param bandwidth every key's limit; its {@code initialTokens} must equal its capacity
   * @return the new limiter, holding no key
   * @throws IllegalArgumentException if {@code bandwidth} does not start full
   * @throws NullPointerException if {@code bandwidth} is null
   */
  public static <K> KeyedRateLimiter<K> of(Bandwidth bandwidth) {
    return of(Clock.system(), bandwidth, Config.defaults());
  }

  /**
   * A limiter measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests).
   *
   * @param <K> the key type
   * @param clock the clock
   * @param bandwidth every key's limit; its {@code initialTokens} must equal its capacity, since a
   *     key seen for the first time and a key dropped when full must be alike
   * @param config the bound on keys and the idle expiry
   * @return the new limiter, holding no key
   * @throws IllegalArgumentException if {@code bandwidth} does not start full
   * @throws NullPointerException if an argument is null
   */
  public static <K> KeyedRateLimiter<K> of(Clock clock, Bandwidth bandwidth, Config config) {
    Objects.requireNonNull(clock, "KeyedRateLimiter: clock is null");
    Objects.requireNonNull(bandwidth, "KeyedRateLimiter: bandwidth is null");
    Objects.requireNonNull(config, "KeyedRateLimiter: config is null");
    if (bandwidth.initialTokens() != bandwidth.capacity()) {
      throw new IllegalArgumentException(
          "KeyedRateLimiter: a key starts with a full bucket, so initialTokens must equal the"
              + " capacity "
              + bandwidth.capacity()
              + ", was "
              + bandwidth.initialTokens());
    }
    return new KeyedRateLimiter<>(clock, bandwidth, config);
  }

  /**
   * The bound on the keys held and how long a full bucket is kept.
   *
   * @param maxKeys the most keys held at once; at least 1
   * @param idleExpiry how long a key's bucket must have been full before the key is dropped; zero
   *     or more
   */
  public record Config(int maxKeys, Duration idleExpiry) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code maxKeys <= 0} or {@code idleExpiry} is negative
     * @throws NullPointerException if {@code idleExpiry} is null
     */
    public Config {
      Objects.requireNonNull(idleExpiry, "KeyedRateLimiter.Config: idleExpiry is null");
      if (maxKeys <= 0) {
        throw new IllegalArgumentException(
            "KeyedRateLimiter.Config: maxKeys must be > 0, was " + maxKeys);
      }
      if (idleExpiry.isNegative()) {
        throw new IllegalArgumentException(
            "KeyedRateLimiter.Config: idleExpiry must be >= 0, was " + idleExpiry);
      }
    }

    /**
     * At most 100,000 keys, dropped after a minute full.
     *
     * @return at most 100,000 keys, dropped after a minute full
     */
    public static Config defaults() {
      return new Config(100_000, Duration.ofMinutes(1));
    }

    /**
     * This config with another bound on keys.
     *
     * @param maxKeys the most keys held at once; at least 1
     * @return the new config
     * @throws IllegalArgumentException if {@code maxKeys <= 0}
     */
    public Config withMaxKeys(int maxKeys) {
      return new Config(maxKeys, idleExpiry);
    }

    /**
     * This config with another idle expiry.
     *
     * @param idleExpiry how long a key's bucket must have been full before it is dropped
     * @return the new config
     * @throws IllegalArgumentException if {@code idleExpiry} is negative
     * @throws NullPointerException if {@code idleExpiry} is null
     */
    public Config withIdleExpiry(Duration idleExpiry) {
      return new Config(maxKeys, idleExpiry);
    }
  }

  // ---- decisions ----

  /**
   * Takes one permit of {@code key} if it is available now. Never blocks, ignores the interrupt
   * status.
   *
   * @param key the key
   * @return whether the permit was taken
   * @throws NullPointerException if {@code key} is null
   */
  public boolean tryAcquire(K key) {
    return tryAcquire(key, 1);
  }

  /**
   * Takes {@code n} permits of {@code key} if they are all available now and nobody waits for the
   * key. Never blocks, ignores the interrupt status, does not fail spuriously under contention.
   *
   * @param key the key
   * @param n the number of permits
   * @return whether the permits were taken; if not, nothing changed
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code key} is null
   */
  public boolean tryAcquire(K key, int n) {
    checkKey(key);
    checkPermits(n);
    long now = clock.nanoTime();
    boolean taken = attempt(key, n, now, false) == 0;
    if (now >= sweepDue) sweep(now);
    return taken;
  }

  /**
   * Takes {@code n} permits of {@code key} if they are available now, or says how long until they
   * would be: the answer an HTTP 429 {@code Retry-After} needs. Never blocks, ignores the interrupt
   * status.
   *
   * @param key the key
   * @param n the number of permits
   * @return {@link Decision.Admitted} if the permits were taken, or {@link Decision.Limited} with
   *     how long until the same request would fit if nobody else took the key's permits meanwhile
   *     (after the key's waiters, if any, have had theirs)
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code key} is null
   */
  public Decision decide(K key, int n) {
    checkKey(key);
    checkPermits(n);
    long now = clock.nanoTime();
    long wait = attempt(key, n, now, true);
    if (now >= sweepDue) sweep(now);
    return wait == 0 ? Decision.admitted() : new Decision.Limited(Duration.ofNanos(wait));
  }

  /**
   * Takes {@code n} permits of {@code key}, waiting for its turn as long as it takes: {@link
   * #acquire(Object, int, Context)} with a context that is never done.
   *
   * @param key the key
   * @param n the number of permits
   * @throws InterruptedException if interrupted on entry (even when permits are available) or while
   *     waiting; nothing was taken, and the key's later waiters move up. An interrupt that comes
   *     when the permits have already arrived does not undo them: the call returns normally with
   *     the interrupt status set
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code key} is null
   */
  public void acquire(K key, int n) throws InterruptedException {
    acquire(key, n, Context.background());
  }

  /**
   * Takes {@code n} permits of {@code key}, waiting for its turn until {@code ctx} is done.
   *
   * <p>Returns at once if the permits are available and nobody waits for the key. Otherwise it
   * waits behind the key's earlier acquirers, then until its permits have arrived. Wakes when its
   * permits have been taken, when {@code ctx} is done, or on interrupt. A context done on entry
   * fails the call even when permits are available; if the permits have come at the moment the
   * context becomes done, the call succeeds.
   *
   * @param key the key
   * @param n the number of permits
   * @param ctx the context; the wait ends when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; nothing was
   *     taken, and the key's later waiters move up
   * @throws InterruptedException if interrupted on entry (even when permits are available) or while
   *     waiting; nothing was taken. An interrupt that comes when the permits have already arrived
   *     does not undo them: the call returns normally with the interrupt status set
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n} exceeds the capacity
   * @throws NullPointerException if {@code key} or {@code ctx} is null
   */
  public void acquire(K key, int n, Context ctx) throws InterruptedException {
    checkKey(key);
    checkPermits(n);
    Objects.requireNonNull(ctx, "KeyedRateLimiter: context is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    while (true) {
      long now = clock.nanoTime();
      if (attempt(key, n, now, false) == 0) return;
      KeyedLine<K> line = lines.computeIfAbsent(key, k -> new KeyedLine<>(this, k, band, clock));
      if (line.await(n, ctx)) return;
    }
  }

  // ---- state ----

  /**
   * The permits {@code key} could take now; negative while its waiters still need more than have
   * arrived. The capacity for a key the limiter does not hold. A snapshot, for response headers
   * ({@code X-RateLimit-Remaining}), monitoring and tests; it creates no key.
   *
   * @param key the key
   * @return the permits {@code key} could take now
   * @throws NullPointerException if {@code key} is null
   */
  public long available(K key) {
    checkKey(key);
    while (true) {
      long now = clock.nanoTime();
      KeyedCell<K> cell = cells.get(key);
      if (cell == null) return capacity;
      long s = cell.state();
      if (s == KeyedCell.DEAD) return capacity;
      if (s != KeyedCell.LINED) return Math.min(capacity, band.slotsAt(now) - s);
      KeyedLine<K> line = lines.get(key);
      long a = line == null ? Long.MIN_VALUE : line.available(now);
      if (a != Long.MIN_VALUE) return a;
    }
  }

  /**
   * The number of acquirers waiting for {@code key}.
   *
   * @param key the key
   * @return the number of acquirers waiting for {@code key}
   * @throws NullPointerException if {@code key} is null
   */
  public int queued(K key) {
    checkKey(key);
    KeyedLine<K> line = lines.get(key);
    return line == null ? 0 : Math.max(0, line.size());
  }

  /**
   * The number of keys held now.
   *
   * @return the number of keys held now
   */
  public int size() {
    return cells.size();
  }

  /**
   * Drops every idle key now, instead of waiting for the sweep that calls run.
   *
   * @return the number of keys dropped
   */
  public int cleanUp() {
    sweepLock.lock();
    try {
      long now = clock.nanoTime();
      long idle = idleFloor(now);
      int dropped = 0;
      for (KeyedCell<K> c : cells.values()) {
        long s = c.state();
        if (s >= 0 && s <= idle && evict(c, s)) dropped++;
      }
      hand = null;
      sweepDue = Band.satAdd(now, sweepPeriod);
      return dropped;
    } finally {
      sweepLock.unlock();
    }
  }

  /**
   * Every key's limit.
   *
   * @return every key's limit
   */
  public Bandwidth bandwidth() {
    return bandwidth;
  }

  /**
   * The bound on keys and the idle expiry.
   *
   * @return the bound on keys and the idle expiry
   */
  public Config config() {
    return config;
  }

  @Override
  public String toString() {
    return "KeyedRateLimiter[bandwidth="
        + bandwidth
        + ", keys="
        + size()
        + ", maxKeys="
        + config.maxKeys()
        + ", idleExpiry="
        + config.idleExpiry()
        + "]";
  }

  // ---- implementation ----

  private static void checkKey(Object key) {
    if (key == null) throw new NullPointerException("KeyedRateLimiter: key is null");
  }

  private void checkPermits(int n) {
    if (n <= 0) throw new IllegalArgumentException("KeyedRateLimiter: n must be > 0, was " + n);
    if (n > capacity) {
      throw new IllegalArgumentException(
          "KeyedRateLimiter: " + n + " permits can never succeed, the capacity is " + capacity);
    }
  }

  /**
   * Takes {@code n} permits of {@code key} at {@code now}: 0 if they were taken, else a positive
   * number, the wait in ns when {@code wantWait} (else just 1).
   */
  private long attempt(K key, int n, long now, boolean wantWait) {
    long arrived = band.slotsAt(now);
    long low = arrived - capacity;
    KeyedCell<K> cell = cells.get(key);
    while (true) {
      if (cell == null) cell = insert(key, now);
      long c = cell.state();
      if (c == KeyedCell.DEAD) {
        unmap(cell);
        cell = cells.get(key);
        continue;
      }
      if (c == KeyedCell.LINED) {
        if (!wantWait) return 1;
        KeyedLine<K> line = lines.get(key);
        long wait = line == null ? -1 : line.delay(n, now);
        if (wait > 0) return wait;
        cell = cells.get(key); // the line closed meanwhile: look again
        continue;
      }
      long next = Math.max(c, low) + n;
      if (next > arrived) return wantWait ? Band.satAdd(band.timeOf(next), -now) : 1;
      if (cell.compareAndSet(c, next)) return 0;
    }
  }

  /** The cell of {@code key}, inserting a full one if there is none (for a line's first waiter). */
  KeyedCell<K> cellOf(K key, long now) {
    KeyedCell<K> cell = cells.get(key);
    return cell != null ? cell : insert(key, now);
  }

  /** Puts a full cell for {@code key}, making room first if the limiter is at its maximum. */
  private KeyedCell<K> insert(K key, long now) {
    if (slots.incrementAndGet() > config.maxKeys()) {
      KeyedCell<K> existing = cells.get(key);
      if (existing != null) {
        slots.decrementAndGet();
        return existing;
      }
      makeRoom(now);
    }
    KeyedCell<K> fresh = new KeyedCell<>(key, band.floor(now));
    KeyedCell<K> prev = cells.putIfAbsent(key, fresh);
    if (prev == null) return fresh;
    slots.decrementAndGet();
    return prev;
  }

  /** Marks {@code cell}, read as {@code state}, DEAD and unmaps it; false if its state moved. */
  private boolean evict(KeyedCell<K> cell, long state) {
    if (!cell.compareAndSet(state, KeyedCell.DEAD)) return false;
    unmap(cell);
    return true;
  }

  /** Removes a DEAD cell from the map; whoever removes it gives its slot back. */
  void unmap(KeyedCell<K> cell) {
    if (cells.remove(cell.key, cell)) slots.decrementAndGet();
  }

  /** For the last waiter of a line: the key has no waiters any more. */
  void unline(K key, KeyedLine<K> line) {
    lines.remove(key, line);
  }

  /** The highest count of a cell whose bucket has been full for at least the idle expiry. */
  private long idleFloor(long now) {
    return band.floor(Band.satAdd(now, -idleNanos));
  }

  /** Sweeps a slice of the keys if no other thread is doing so, dropping the idle ones. */
  private void sweep(long now) {
    if (!sweepLock.tryLock()) return;
    try {
      if (now < sweepDue) return;
      long idle = idleFloor(now);
      Iterator<KeyedCell<K>> h = hand;
      if (h == null) h = hand = cells.values().iterator();
      for (int i = 0; i < SWEEP_SLICE && h.hasNext(); i++) {
        KeyedCell<K> c = h.next();
        long s = c.state();
        if (s >= 0 && s <= idle) evict(c, s);
      }
      if (!h.hasNext()) {
        hand = null;
        sweepDue = Band.satAdd(now, sweepPeriod);
      }
    } finally {
      sweepLock.unlock();
    }
  }

  /**
   * Evicts one key to make room for a new one: the first full key the hand meets, or else the key
   * among {@link #SAMPLE} busy ones whose bucket will be full soonest. Keys with waiters are never
   * evicted; if the hand goes all round without a candidate, nothing is evicted.
   */
  private void makeRoom(long now) {
    sweepLock.lock();
    try {
      long full = band.floor(now);
      for (int attempt = 0; attempt < 4; attempt++) {
        KeyedCell<K> best = null;
        long bestState = Long.MAX_VALUE;
        int sampled = 0;
        boolean restarted = false;
        for (long budget = cells.mappingCount() + SAMPLE; budget > 0; budget--) {
          if (hand == null || !hand.hasNext()) {
            if (restarted) break;
            restarted = true;
            hand = cells.values().iterator();
            if (!hand.hasNext()) return;
          }
          KeyedCell<K> c = hand.next();
          long s = c.state();
          if (s < 0) continue; // dead, or lined: never evicted
          if (s <= full) {
            if (evict(c, s)) return;
            continue;
          }
          if (s < bestState) {
            best = c;
            bestState = s;
          }
          if (++sampled >= SAMPLE) break;
        }
        if (best == null || evict(best, bestState)) return;
      }
    } finally {
      sweepLock.unlock();
    }
  }
}
