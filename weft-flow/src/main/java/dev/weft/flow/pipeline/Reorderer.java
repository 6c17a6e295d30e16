package dev.weft.flow.pipeline;

import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the output of an ordered stage with parallelism above 1 in input order.
 *
 * <p>Implementation notes. Sequence numbers are assigned by the receiving side: {@link #take}
 * lets one worker at a time receive from the input and numbers the item while still holding that
 * turn, so numbers follow the input channel's order whatever the upstream stage is. Each worker
 * computes its results and hands them to {@link #complete}. Results are parked in {@code done}
 * keyed by sequence number; the worker that finds the head ({@code next}) present becomes the
 * single <i>emitter</i> and sends parked results in order, outside the lock, until the head is
 * missing again. Other workers never wait for the emitter: they park their results and go on.
 *
 * <p>Invariants (all fields guarded by {@code lock}):
 *
 * <ul>
 *   <li>{@code next <= assigned}; {@code assigned - next <= window}: at most {@code window} items
 *       are taken and not yet emitted, so {@code done} never holds more than {@code window}
 *       entries. {@code take} waits while the window is full; {@code next} advances only after
 *       a result was sent, so the window is what bounds memory under backpressure.
 *   <li>{@code taking}: a worker is receiving; others wait their turn.
 *   <li>{@code emitting}: a worker is sending parked results; at most one at a time. When the
 *       emitter finds the head missing, it clears the flag under the lock, so a worker parking the
 *       head afterwards sees it clear and becomes the emitter itself: no parked result is left
 *       behind by the last worker.
 * </ul>
 *
 * <p>Waits are on one condition, woken by every change and by the run's context being done (a
 * callback registered once), so a cancelled run never leaves a worker waiting here.
 */
final class Reorderer {

  /** An item taken from the input and its sequence number. */
  record Ticket(long seq, Object item) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Context ctx;
  private final int window;
  private final Map<Long, List<Object>> done = new HashMap<>();
  private long assigned; // next sequence number to assign
  private long next; // next sequence number to emit
  private boolean taking;
  private boolean emitting;

  Reorderer(Context ctx, int window) {
    this.ctx = ctx;
    this.window = window;
    ContextHooks.onDone(ctx, this::wakeAll); // runs inline if already done; fires once
  }

  /**
   * Waits for this worker's turn and room in the window, then receives the next item.
   *
   * @return the item and its number, or {@code null} once the input is closed and drained
   * @throws dev.weft.context.ContextCancelledException if the run is cancelled
   */
  Ticket take(Port port) throws InterruptedException {
    lock.lock();
    try {
      if (taking || assigned - next >= window) {
        long t0 = System.nanoTime();
        try {
          while (taking || assigned - next >= window) {
            if (ctx.isDone()) throw port.cancelled();
            changed.await();
          }
        } finally {
          port.addReceiveWait(System.nanoTime() - t0);
        }
      }
      taking = true;
    } finally {
      lock.unlock();
    }
    Object item = null;
    try {
      item = port.receive();
      return item == null ? null : new Ticket(assigned, item); // `assigned` is stable: we hold the turn
    } finally {
      lock.lock();
      try {
        taking = false;
        if (item != null) assigned++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Parks the results of item {@code seq} and, if this worker becomes the emitter, sends every
   * result that is now in order.
   *
   * @throws dev.weft.context.ContextCancelledException if the run is cancelled while sending
   */
  void complete(long seq, List<Object> results, Port port) throws InterruptedException {
    lock.lock();
    try {
      done.put(seq, results);
      if (emitting) return; // the emitter will find it
      emitting = true;
    } finally {
      lock.unlock();
    }
    boolean stillEmitting = true;
    try {
      while (true) {
        List<Object> head;
        lock.lock();
        try {
          head = done.remove(next);
          if (head == null) {
            emitting = false;
            stillEmitting = false;
            return;
          }
        } finally {
          lock.unlock();
        }
        for (Object v : head) port.send(v);
        lock.lock();
        try {
          next++;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } finally {
      if (stillEmitting) { // failed or cancelled while sending: the run is over anyway
        lock.lock();
        try {
          emitting = false;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
