package dev.weft.flow.pool;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * The idle workers of a {@link PoolEngine} and their expiry.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State:</b> the lock-free {@link IdleStack} of idle periods, most recently idle on top
 *       (so the coldest workers are the ones that expire), and per worker its current period, when
 *       it began and its expiry timer ({@link Worker}'s {@code idle}, {@code idleSince}, {@code
 *       idleTimer}, {@code timerArmed}). No lock: a period is decided by one CAS on its node
 *       ({@link Worker.Idle}).
 *   <li><b>Idle workers hold no thread.</b> After its last poll a worker marks its period {@link
 *       Worker.Signal#PARKED} and its thread ends; whoever then decides the period (a hand-off, a
 *       wake-up, the expiry timer) starts a fresh thread for the worker with the decision. If the
 *       period is decided before the worker could mark it, the worker's thread sees the decision
 *       itself. The CAS settles which of the two carries on.
 *   <li><b>A worker whose jobs are handed to it yields once before its thread ends.</b> Nothing is
 *       queued while a worker is idle, so a submitter that hands out jobs more slowly than the
 *       workers finish them (a thread start each: 10,000 workers of 10 ms tasks need one per
 *       microsecond) keeps the queue empty, and each worker that finishes goes idle, ends its
 *       thread, and is the next one popped (most recent first), to be given a fresh thread. The
 *       pool then runs at the submitter's thread-start rate with most workers idle. A worker whose
 *       last job was handed to it (rather than polled) therefore yields once after its last poll:
 *       a hand-off meanwhile finds it with its thread, costs a CAS, and the job runs on the same
 *       thread. A worker fed by the queue (the pool keeping up) drops its thread at once, as
 *       before. ADR 0023 has the measurements.
 *   <li><b>No missed job.</b> A worker pushes its period, then polls the queue once more: a job
 *       queued just before the push is either seen by that poll, or its submitter (which looks for
 *       an idle worker after queueing) sees the period.
 *   <li><b>Expiry.</b> At most one expiry timer per worker is pending: a worker that gets work does
 *       not cancel it; when it fires it checks how long the worker has really been idle and
 *       re-arms for the rest, or disarms if the worker is busy (its next idle period arms a new
 *       one). So a busy pool schedules about one timer per worker per idle timeout, not one per
 *       task. A worker that exits cancels its last timer; a timer armed after that cancels itself.
 * </ul>
 */
final class IdleWorkers {

  private final PoolEngine engine;
  private final Clock clock;
  private final Duration idleTimeout;
  private final IdleStack stack = new IdleStack();

  IdleWorkers(PoolEngine engine, Clock clock, Duration idleTimeout) {
    this.engine = engine;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** Whether no idle period, decided or not, is on the stack. */
  boolean isEmpty() {
    return stack.isEmpty();
  }

  /**
   * Pops idle periods until one is decided with {@code item} (a job, or {@link
   * Worker.Signal#WAKE}); false if there was none.
   */
  boolean handTo(IdleEnd item) {
    for (Worker.Idle n; (n = stack.pop()) != null; ) {
      if (decide(n, item)) return true; // else decided by someone else: discard it
    }
    return false;
  }

  /**
   * Decides idle period {@code n} with {@code item} and, if its worker's thread has already ended,
   * starts a fresh one with it; false if the period was decided before.
   */
  boolean decide(Worker.Idle n, IdleEnd item) {
    Worker.Decision r = n.decide(item);
    if (r == Worker.Decision.RESUME) engine.resume(n.worker, item);
    return r != Worker.Decision.TAKEN;
  }

  /** Decides every idle period of {@code workers} with a wake-up: each looks at the pool again. */
  void wakeAll(Iterable<Worker> workers) {
    for (Worker w : workers) {
      Worker.Idle n = w.idle;
      if (n != null) decide(n, Worker.Signal.WAKE);
    }
  }

  /**
   * Begins an idle period of {@code w}. Returns {@link Worker.Signal#PARKED} if the thread must end
   * (whoever decides the period starts a fresh one); else what decided it before the thread could
   * park: a job (handed, or polled after the push), {@link Worker.Signal#WAKE}, {@link
   * Worker.Signal#RETIRE} or {@link Worker.Signal#LEFT}.
   */
  IdleEnd await(Worker w) {
    Worker.Idle n = new Worker.Idle(w);
    w.idleSince = clock.nanoTime();
    w.idle = n;
    if (w.armTimer()) arm(w, idleTimeout);
    stack.push(n);
    engine.gate.signalIfBlocked(); // a direct hand-off submitter may now hand to us
    if (!engine.life.isRunning()) {
      return n.claim(Worker.Signal.LEFT) ? Worker.Signal.LEFT : n.item;
    }
    Job j = engine.pollQueue(); // queued before our push, by a submitter that saw no idle worker
    if (j != null) {
      if (n.claim(Worker.Signal.LEFT)) {
        stack.unlinkIfTop(n);
      } else if (n.item instanceof Job handed) {
        w.pending = handed; // a submitter handed us one meanwhile: run it next
      }
      w.handed = false;
      return j;
    }
    // Its jobs are being handed out: keep the thread for one turn of the carrier, so that the
    // submitter, which pops the most recently idle period first, hands it the next one with a CAS
    // instead of a thread start (class notes).
    if (w.handed && n.item == null) Thread.yield();
    if (n.park()) return Worker.Signal.PARKED;
    IdleEnd item = n.item;
    if (item instanceof Job) w.handed = true;
    return item;
  }

  /** After {@code w} left its loop: cancels its expiry timer (a stopped pool leaves none). */
  void exited(Worker w) {
    w.exited = true;
    Scheduled t = w.idleTimer;
    if (t != null) t.cancel();
  }

  private void arm(Worker w, Duration delay) {
    Scheduled t = clock.schedule(delay, () -> timerFired(w));
    w.idleTimer = t;
    if (w.exited) t.cancel(); // it exited meanwhile, and may have cancelled the one before
  }

  /** Idle-timer action: retires {@code w} if it has been idle for the whole timeout. */
  private void timerFired(Worker w) {
    long timeout = TimeUnit.NANOSECONDS.convert(idleTimeout);
    while (true) {
      Worker.Idle n = w.idle;
      if (engine.life.isRunning() && n != null && n.undecided()) { // idle now
        long left = timeout - (clock.nanoTime() - w.idleSince);
        if (left > 0) {
          arm(w, Duration.ofNanos(left)); // stays armed
          return;
        }
        if (decide(n, Worker.Signal.RETIRE)) return; // it exits on a thread, as any worker does
        continue; // decided meanwhile: look again
      }
      w.disarmTimer();
      // it may have gone idle after we looked and seen the timer still armed
      Worker.Idle again = w.idle;
      if (!engine.life.isRunning() || again == null || !again.undecided()) return;
      if (!w.armTimer()) return; // it armed one itself
    }
  }
}
