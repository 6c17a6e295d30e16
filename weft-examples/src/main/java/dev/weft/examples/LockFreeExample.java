package dev.weft.examples;

import dev.weft.sync.ErrGroup;
import dev.weft.task.ThrowingConsumer;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicStampedReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Lock-free algorithms: a counter and a stack built on compare-and-set (CAS), each next to its
 * locked version, and the ABA problem that CAS on references can run into.
 *
 * <p>Part 1: 4 virtual threads increment a counter. The locked version makes the others wait; the
 * CAS version reads the value, computes the next one and installs it only if nobody changed it in
 * between, retrying otherwise (Go's {@code atomic.CompareAndSwapInt64} loop). A failed CAS is a
 * retry, never a wait: some thread always makes progress.
 *
 * <p>Part 2: the Treiber stack (R. K. Treiber, 1986): {@code push} links the new node to the
 * current top and CASes the top from that node to the new one; {@code pop} CASes the top to its
 * successor. 4 threads push their own 10,000 numbers, then pop 10,000 each; every number must come
 * out exactly once.
 *
 * <p>Part 3: ABA, scripted step by step so that the interleaving is exact. Thread 1 starts a pop:
 * it reads top {@code A} and its successor {@code B}, and is delayed. Thread 2 pops {@code A},
 * pops {@code B} and pushes {@code A} again. Thread 1's {@code CAS(top: A -> B)} then compares
 * references:
 * <ul>
 *   <li>With a new node per push, the usual Java code, the top is a new object, so the CAS fails
 *       and thread 1 retries. The garbage collector never reuses the memory of a node that thread
 *       1 still references, which is what makes the classic ABA (a freed node reallocated at the
 *       same address) mostly moot in Java.
 *   <li>With pooled nodes (recycled to spare allocation, as off-heap or allocation-free code does),
 *       the top is the same object {@code A} again: the CAS succeeds, and installs {@code B}, which
 *       thread 2 has already popped: {@code C} is linked behind a node that is no longer on the
 *       stack, and {@code B} is popped twice.
 *   <li>{@link AtomicStampedReference} pairs the reference with a version stamp that every change
 *       increments: the pooled {@code A} comes back with a new stamp, and the CAS fails as it
 *       should.
 * </ul>
 */
final class LockFreeExample implements Example {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 10_000;

  @Override
  public String name() {
    return "lock-free";
  }

  @Override
  public String description() {
    return "a CAS counter and a Treiber stack beside their locked versions, and the ABA problem";
  }

  @Override
  public String goIdiom() {
    return "Go's `atomic.CompareAndSwap` retry loops and lock-free stacks built on `atomic.Pointer`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    counters(out);
    stacks(out);
    aba(out);
  }

  // ---- part 1: counters

  private static void counters(PrintStream out) throws Exception {
    out.println("part 1: " + THREADS + " threads x " + PER_THREAD + " increments");
    ReentrantLock lock = new ReentrantLock();
    long[] locked = new long[1]; // guarded by lock
    parallel(t -> {
      for (int i = 0; i < PER_THREAD; i++) {
        lock.lock();
        try {
          locked[0]++;
        } finally {
          lock.unlock();
        }
      }
    });
    out.println("  locked counter: " + locked[0]);

    AtomicLong cas = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    parallel(t -> {
      for (int i = 0; i < PER_THREAD; i++) {
        long seen = cas.get();
        while (!cas.compareAndSet(seen, seen + 1)) {
          failed.incrementAndGet(); // somebody else won: read again and retry
          seen = cas.get();
        }
      }
    });
    out.println("  CAS counter:    " + cas.get() + " (" + failed.get() + " CAS attempts lost a race and retried)");
  }

  // ---- part 2: stacks

  private static void stacks(PrintStream out) throws Exception {
    out.println("part 2: " + THREADS + " threads push " + PER_THREAD + " numbers each, then pop " + PER_THREAD);
    ReentrantLock lock = new ReentrantLock();
    ArrayDeque<Integer> lockedStack = new ArrayDeque<>(); // guarded by lock
    BitSet poppedFromLocked = pushThenPop(
        n -> {
          lock.lock();
          try {
            lockedStack.push(n);
          } finally {
            lock.unlock();
          }
        },
        () -> {
          lock.lock();
          try {
            return lockedStack.pop();
          } finally {
            lock.unlock();
          }
        });
    out.println("  locked stack:  " + report(poppedFromLocked) + ", left on the stack: " + lockedStack.size());

    TreiberStack treiber = new TreiberStack();
    BitSet poppedFromTreiber = pushThenPop(treiber::push, treiber::pop);
    out.println("  Treiber stack: " + report(poppedFromTreiber) + ", left on the stack: " + treiber.size()
        + " (" + treiber.lostRaces.get() + " CAS attempts retried)");
  }

  private static String report(BitSet popped) {
    return popped.cardinality() + " distinct numbers popped of " + THREADS * PER_THREAD;
  }

  /** Each thread pushes its own numbers, then pops as many; returns the set of numbers popped. */
  private static BitSet pushThenPop(IntConsumer push, IntSupplier pop) throws Exception {
    List<List<Integer>> popped = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) popped.add(new ArrayList<>());
    parallel(t -> {
      for (int i = 0; i < PER_THREAD; i++) push.accept(t * PER_THREAD + i);
      for (int i = 0; i < PER_THREAD; i++) popped.get(t).add(pop.getAsInt());
    });
    BitSet seen = new BitSet(); // after await: every thread's list is visible
    for (List<Integer> list : popped) {
      for (int n : list) {
        if (seen.get(n)) throw new IllegalStateException("LockFreeExample: " + n + " popped twice");
        seen.set(n);
      }
    }
    return seen;
  }

  /** Treiber's lock-free stack of ints: one atomic reference to the top node. */
  private static final class TreiberStack {
    private record Node(int value, Node next) {}

    private final AtomicReference<Node> top = new AtomicReference<>();
    final AtomicInteger lostRaces = new AtomicInteger();

    void push(int value) {
      Node seen = top.get();
      while (!top.compareAndSet(seen, new Node(value, seen))) {
        lostRaces.incrementAndGet();
        seen = top.get();
      }
    }

    int pop() {
      while (true) {
        Node seen = top.get();
        if (seen == null) throw new IllegalStateException("LockFreeExample: pop from an empty stack");
        if (top.compareAndSet(seen, seen.next())) return seen.value();
        lostRaces.incrementAndGet();
      }
    }

    int size() {
      int n = 0;
      for (Node node = top.get(); node != null; node = node.next()) n++;
      return n;
    }
  }

  // ---- part 3: ABA

  /** A mutable node, as a pool of nodes needs: its successor is rewritten when it is reused. */
  private static final class Cell {
    final String name;
    Cell next;

    Cell(String name, Cell next) {
      this.name = name;
      this.next = next;
    }
  }

  private static void aba(PrintStream out) {
    out.println("part 3: ABA, one interleaving played step by step");
    out.println("  stack A -> B -> C; thread 1 reads top A and next B, then is delayed;");
    out.println("  thread 2 pops A, pops B, pushes A again; thread 1 does CAS(top: A -> B)");
    for (boolean pooled : new boolean[] {false, true}) {
      Cell c = new Cell("C", null);
      AtomicReference<Cell> top = new AtomicReference<>(new Cell("A", new Cell("B", c)));
      Cell seen = top.get(); // thread 1
      Cell next = seen.next;
      Cell a = popCell(top); // thread 2
      Cell b = popCell(top);
      Cell again = pooled ? a : new Cell("A", null); // a pool hands the same object back
      again.next = top.get();
      top.set(again);
      boolean swapped = top.compareAndSet(seen, next); // thread 1 resumes
      out.println(String.format("  %-20s", pooled ? "pooled nodes:" : "new node per push:")
          + "CAS " + (swapped ? "succeeds" : "fails   ") + ", stack " + describe(top.get())
          + (swapped && top.get() == b
              ? "   <- B was popped by thread 2: corrupted"
              : "   <- correct: thread 1 retries"));
    }
    Cell c = new Cell("C", null);
    Cell a = new Cell("A", new Cell("B", c));
    AtomicStampedReference<Cell> top = new AtomicStampedReference<>(a, 0);
    int[] stampHolder = new int[1];
    Cell seen = top.get(stampHolder); // thread 1
    int seenStamp = stampHolder[0];
    Cell next = seen.next;
    popStamped(top); // thread 2: pop A, pop B, push the same A
    popStamped(top);
    Cell current = top.get(stampHolder);
    a.next = current;
    top.compareAndSet(current, a, stampHolder[0], stampHolder[0] + 1);
    boolean swapped = top.compareAndSet(seen, next, seenStamp, seenStamp + 1);
    out.println(String.format("  %-20s", "pooled + stamp:") + "CAS " + (swapped ? "succeeds" : "fails   ") + ", stack "
        + describe(top.getReference()) + "   <- stamp " + seenStamp + " read, now " + top.getStamp()
        + ": thread 1 retries");
  }

  private static Cell popCell(AtomicReference<Cell> top) {
    Cell seen = top.get();
    top.set(seen.next);
    return seen;
  }

  private static void popStamped(AtomicStampedReference<Cell> top) {
    int[] stamp = new int[1];
    Cell seen = top.get(stamp);
    top.set(seen.next, stamp[0] + 1);
  }

  private static String describe(Cell top) {
    StringBuilder s = new StringBuilder();
    int n = 0;
    for (Cell cell = top; cell != null && n < 8; cell = cell.next, n++) {
      if (n > 0) s.append(" -> ");
      s.append(cell.name);
    }
    return s.toString();
  }

  // ---- running the threads

  private static void parallel(ThrowingConsumer<Integer> body) throws Exception {
    ErrGroup g = new ErrGroup();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      g.go(() -> body.accept(thread));
    }
    g.await();
  }
}
