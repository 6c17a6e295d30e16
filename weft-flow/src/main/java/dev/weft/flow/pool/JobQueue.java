package dev.weft.flow.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A pool's queue of jobs: unbounded, lock-free, many producers and many consumers, first in first
 * out.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>Cells by index.</b> Jobs live in cells of fixed-size segments, a linked list of arrays.
 *       A producer takes the next cell index with one fetch-and-add on {@code enqueued} and writes
 *       its job into that cell; a consumer takes the next index with a CAS on {@code dequeued} (not
 *       an add: it must not run past the producers) and reads the cell. So the only line all
 *       consumers write is the one holding {@code dequeued}; a consumer reads, never writes, the
 *       cells of jobs it takes, and a queue node is not allocated per job. ADR 0007 has the
 *       measurements against {@link java.util.concurrent.ConcurrentLinkedQueue}.
 *   <li><b>A slow producer is waited for only briefly.</b> A consumer that finds its cell still
 *       empty while a producer holds the index (between its add and its write) reads the cell
 *       again up to {@link #PATIENCE} times, then marks it {@link #BROKEN} by CAS; the producer's
 *       CAS then fails and it takes a fresh index. So a producer descheduled at that point (a
 *       platform thread on a busy machine) stalls nobody; its job is then offered after the jobs
 *       that overtook it, which is when its offer takes effect.
 *   <li><b>Removal</b> goes through the job, not the cell: a job is marked queued before it is
 *       published, and {@link Job#claimFromQueue} is a CAS from queued to taken that a consumer
 *       and a remover race for; the loser leaves the job alone, and a consumer skips a job it
 *       cannot claim. So removal is O(1), and a job that was never queued (handed straight to a
 *       worker) cannot be removed. The cell of a removed job stays until consumers pass it.
 *   <li><b>Segments</b> are found by walking {@code next} from {@code head} (consumers) or {@code
 *       tail} (producers), both advanced lazily. The consumer that moves {@code head} past a
 *       segment links that segment to itself: a dropped segment that has reached the old
 *       generation would otherwise keep every later segment (and their jobs) alive until a full
 *       collection, which a first version of this queue did (a young collection then copied
 *       nearly everything). A thread that meets a self-link starts again from {@code head}; a
 *       producer that finds its segment already passed takes a fresh index (consumers broke its
 *       cell).
 *   <li><b>Memory.</b> Consumers do not clear the cells of jobs they take (they would write each
 *       other's lines). A consumer that finds the queue empty replaces the taken jobs of its
 *       segment by a marker, so an idle pool keeps no finished task (nor its result) reachable;
 *       while the queue is never empty, up to {@link #SEGMENT} taken jobs stay reachable until
 *       consumers leave their segment.
 * </ul>
 */
final class JobQueue {

  /** Cells per segment (a power of two). */
  static final int SEGMENT = 256;

  /** How many times a consumer reads a cell whose producer holds the index but has not written. */
  static final int PATIENCE = 64;

  private static final Object BROKEN = new Object();
  private static final Object TAKEN_CELL = new Object();

  private static final VarHandle ENQ;
  private static final VarHandle DEQ;
  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ENQ = l.findVarHandle(JobQueue.class, "enqueued", long.class);
      DEQ = l.findVarHandle(JobQueue.class, "dequeued", long.class);
      HEAD = l.findVarHandle(JobQueue.class, "head", Segment.class);
      TAIL = l.findVarHandle(JobQueue.class, "tail", Segment.class);
      NEXT = l.findVarHandle(Segment.class, "next", Segment.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A run of cells: cell {@code i} holds the job of index {@code id * cells.length + i}. */
  static final class Segment {
    final long id;
    final Object[] cells;
    volatile Segment next;

    Segment(long id, int size) {
      this.id = id;
      this.cells = new Object[size];
    }
  }

  // producers' and consumers' counters apart, so they do not share a line
  private volatile Segment head; // the segment of index `dequeued`, or one before it
  private long p01, p02, p03, p04, p05, p06, p07;
  private volatile long dequeued;
  private long p11, p12, p13, p14, p15, p16, p17;
  private volatile long enqueued;
  private long p21, p22, p23, p24, p25, p26, p27;
  private volatile Segment tail; // the segment of index `enqueued`, or one before it

  private final int shift; // log2 of the cells per segment
  private final int mask;
  private final int patience;

  JobQueue() {
    this(SEGMENT, PATIENCE);
  }

  /** For tests: {@code segment} cells per segment (a power of two), consumers' {@code patience}. */
  JobQueue(int segment, int patience) {
    if (segment < 1 || Integer.bitCount(segment) != 1) {
      throw new IllegalArgumentException(
          "JobQueue: segment must be a power of two, got " + segment);
    }
    if (patience < 0) throw new IllegalArgumentException("JobQueue: patience < 0: " + patience);
    this.shift = Integer.numberOfTrailingZeros(segment);
    this.mask = segment - 1;
    this.patience = patience;
    Segment s = new Segment(0, segment);
    head = s;
    tail = s;
  }

  /** Appends {@code job}, which must not have been queued before. */
  void offer(Job job) {
    job.markQueued();
    while (true) {
      Segment t = tail;
      long i = (long) ENQ.getAndAdd(this, 1L);
      Segment s = find(t, i >>> shift);
      if (s == null) continue; // consumers passed this index already (and broke its cell)
      if (s.id > t.id) TAIL.compareAndSet(this, t, s); // help the tail along; best effort
      if (CELLS.compareAndSet(s.cells, (int) (i & mask), null, job)) return;
      // a consumer broke the cell while we were between the add and the write: take another
    }
  }

  /** Takes the oldest job; null if none. */
  Job poll() {
    while (true) {
      Segment h = head;
      long i = dequeued;
      Segment s = find(h, i >>> shift);
      if (s == null) continue; // other consumers moved on: look again
      Object v = front(s, i);
      if (v == null) {
        forgetTaken(h, i);
        return null;
      }
      if (v != BROKEN && DEQ.compareAndSet(this, i, i + 1)) {
        if (s != h) advanceHead(h, s);
        Job j = (Job) v;
        if (j.claimFromQueue()) return j;
        // removed meanwhile: skip it
      } else if (v == BROKEN) {
        DEQ.compareAndSet(this, i, i + 1);
      }
    }
  }

  /**
   * Reserves the oldest jobs for one consumer of {@code consumers}: at least one if any is queued,
   * at most {@code max} (no more than {@code out.length}), and no more than {@code 1 / (2 *
   * consumers)} of the backlog, all in one step; writes them into {@code out[0..n)},
   * oldest first, and returns {@code n} (0 if the queue is empty). The jobs are <em>not</em>
   * claimed: the consumer claims each with {@link Job#claimFromQueue} when it comes to it, and
   * skips one a remover claimed first, so a reserved job stays removable until it runs. Reserved
   * jobs are no longer seen by {@link #poll}, {@link #isEmpty}, {@link #forEach} or {@link
   * #countUpTo}: only their consumer takes them.
   */
  int reserve(Job[] out, int max, int consumers) {
    while (true) {
      Segment h = head;
      long i = dequeued;
      Segment s = find(h, i >>> shift);
      if (s == null) continue; // other consumers moved on: look again
      Object v = front(s, i);
      if (v == null) {
        forgetTaken(h, i);
        return 0;
      }
      if (v == BROKEN) {
        DEQ.compareAndSet(this, i, i + 1);
        continue;
      }
      if (!(v instanceof Job first)) continue; // swept by forgetTaken: i is stale, look again
      // the backlog's share, within this segment and up to the first cell not yet written
      long share = (enqueued - i) / (2L * Math.max(1, consumers));
      int n = (int) Math.min(Math.min(share, max), (mask + 1) - (i & mask));
      out[0] = first;
      int k = 1;
      for (; k < n; k++) {
        Object x = CELLS.getAcquire(s.cells, (int) ((i + k) & mask));
        if (!(x instanceof Job j)) break; // not yet written, or broken: stop before it
        out[k] = j;
      }
      if (DEQ.compareAndSet(this, i, i + k)) {
        if (s != h) advanceHead(h, s);
        return k;
      }
      Arrays.fill(out, 0, k, null); // keep no job of another consumer reachable
    }
  }

  /**
   * With the queue found empty at index {@code end}: replaces the jobs taken from the cells of the
   * segment before {@code end} by a marker, so that a pool gone idle does not keep its last
   * finished tasks (and their results) reachable. Cells are written once by producers, so a cell
   * that holds a job is final and this races with nobody; a broken cell stays broken (its slow
   * producer must still fail on it).
   */
  private void forgetTaken(Segment h, long end) {
    if (end == 0) return;
    long last = end - 1;
    Segment s = find(h, last >>> shift);
    if (s == null) return;
    for (int c = (int) (last & mask); c >= 0; c--) {
      Object v = CELLS.getAcquire(s.cells, c);
      if (v == TAKEN_CELL) break; // swept before, and all below it
      if (v instanceof Job) CELLS.setOpaque(s.cells, c, TAKEN_CELL);
    }
  }

  /**
   * The content of cell {@code i} (in segment {@code s}), the front: null if the queue is empty
   * there, {@link #BROKEN} if its producer was too slow (the consumer broke the cell), else a job.
   */
  private Object front(Segment s, long i) {
    int c = (int) (i & mask);
    Object v = CELLS.getAcquire(s.cells, c);
    if (v != null) return v;
    if (i >= enqueued) return null; // nobody has this index yet
    for (int k = 0; k < patience; k++) { // its producer is between the add and the write
      Thread.onSpinWait();
      v = CELLS.getAcquire(s.cells, c);
      if (v != null) return v;
    }
    v = CELLS.compareAndExchange(s.cells, c, null, BROKEN);
    return v != null ? v : BROKEN;
  }

  /**
   * Moves {@code head} from {@code h} to {@code s}, which a consumer just took an index in; the
   * winner then links each segment it left behind to itself. So a dropped segment that has reached
   * the old generation does not keep the segments after it alive (a chain of garbage that only a
   * full collection would free), and a thread still walking from it knows to start again.
   */
  private void advanceHead(Segment h, Segment s) {
    if (!HEAD.compareAndSet(this, h, s)) return;
    for (Segment x = h; x != s; ) {
      Segment n = x.next;
      NEXT.setRelease(x, x);
      x = n;
    }
  }

  /**
   * Whether no job that can still be taken is queued; exact only when quiescent. A producer caught
   * between its index and its write is waited for as {@link #poll} does, and then passed, so a
   * producer that never writes (its thread failed there) cannot make the queue look non-empty
   * forever.
   */
  boolean isEmpty() {
    while (true) {
      Segment h = head;
      long i = dequeued;
      if (i >= enqueued) return true;
      Segment s = find(h, i >>> shift);
      if (s == null) continue;
      Object v = front(s, i);
      if (v == null) return true;
      if (v instanceof Job j && !j.takenFromQueue()) return false;
      DEQ.compareAndSet(this, i, i + 1); // a broken cell or a removed job at the front: step over
    }
  }

  /** For tests: takes a producer's index and never writes its cell (a producer stalled there). */
  void takeIndexWithoutWriting() {
    ENQ.getAndAdd(this, 1L);
  }

  /** Removes {@code job} if it is queued and not yet taken: O(1). */
  boolean remove(Job job) {
    return job.claimFromQueue();
  }

  /** Calls {@code action} for each queued job not yet taken, oldest first (weakly consistent). */
  void forEach(Consumer<Job> action) {
    Segment s = head;
    long i = dequeued;
    long end = enqueued;
    for (; i < end; i++) {
      s = find(s, i >>> shift);
      if (s == null) { // consumers overtook us: go on from where they are
        s = head;
        i = Math.max(i, dequeued) - 1;
        continue;
      }
      Object v = CELLS.getAcquire(s.cells, (int) (i & mask));
      if (v instanceof Job j && !j.takenFromQueue()) action.accept(j);
    }
  }

  /** How many jobs are queued and not yet taken, counting no further than {@code limit}. */
  int countUpTo(int limit) {
    int[] n = new int[1];
    forEach(
        j -> {
          if (n[0] < limit) n[0]++;
        });
    return n[0];
  }

  /**
   * The segment with id {@code id}, walking (and if needed growing) the list from {@code from};
   * null if consumers have already left that segment behind.
   */
  private Segment find(Segment from, long id) {
    return from.id == id ? from : walk(from, id);
  }

  /**
   * {@link #find} across segments: one call in {@link #SEGMENT}, kept out of line so the JIT does
   * not inline it into the workers' loop, where a branch first taken late (a dropped segment)
   * would deoptimize the loop's frame instead of this short-lived one.
   */
  private Segment walk(Segment from, long id) {
    Segment s = from;
    while (s.id < id) {
      Segment n = s.next;
      if (n == s) { // dropped: start again from the head
        n = head;
        if (n.id > id) return null;
        if (n == s) return null; // cannot happen: the head is never a dropped segment
      } else if (n == null) {
        Segment fresh = new Segment(s.id + 1, mask + 1);
        n = (Segment) NEXT.compareAndExchange(s, null, fresh);
        if (n == null) n = fresh;
        else if (n == s) continue; // dropped meanwhile: the branch above restarts
      }
      s = n;
    }
    return s.id == id ? s : null;
  }
}
