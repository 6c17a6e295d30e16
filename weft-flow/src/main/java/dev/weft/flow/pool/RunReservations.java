package dev.weft.flow.pool;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs of short tasks reserved by the workers of a {@link PoolEngine}, and workers taking from the
 * runs of others.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li><b>State:</b> {@code held}, the number of workers holding a run (atomic, no lock), and per
 *       worker its run ({@link Worker}'s {@code reserved}, {@code nextReserved}, {@code
 *       reservedCount}, {@code holdsRun}), written only by that worker; other workers read its run
 *       array racily.
 *   <li><b>Reserved is not claimed.</b> A worker whose recent tasks were short reserves up to
 *       {@link PoolTuning#RESERVE} consecutive jobs in one step ({@link JobQueue#reserve}), no
 *       more than its share of the backlog; it claims each ({@link Job#claimFromQueue}, then frees
 *       its slot) just before it runs it. Until then a remover (a cancel) can still take it and it
 *       keeps its bounded-queue slot.
 *   <li><b>Stealing.</b> A worker that finds the queue empty while {@code held > 0} takes a job
 *       from another's run (claiming it, as the owner would), so the rest of a run does not wait
 *       behind a task of it that turned out long while other workers are free. {@code held} is
 *       raised before the run's jobs leave the queue, so a worker that sees the queue empty also
 *       sees the count.
 *   <li><b>Invariant:</b> every job of an owner's run was claimed (by it, a thief or a remover)
 *       before the owner reserves again; so a stale entry read by a thief is harmless.
 * </ul>
 */
final class RunReservations {

  private final PoolEngine engine;
  private final JobQueue queue;
  private final Set<Worker> workers;
  private final AtomicInteger held = new AtomicInteger(); // workers holding a run

  RunReservations(PoolEngine engine, JobQueue queue, Set<Worker> workers) {
    this.engine = engine;
    this.queue = queue;
    this.workers = workers;
  }

  /** Whether some worker holds a run (then an idle-bound worker should try {@link #steal}). */
  boolean anyHeld() {
    return held.get() > 0;
  }

  /**
   * Reserves a run of up to {@link PoolTuning#RESERVE} jobs for {@code w} (one of {@code
   * liveWorkers}) from the queue; returns how many (0: the queue is empty). Called only while
   * {@code w}'s recent tasks were short; other workers poll one job at a time and never allocate
   * a run array.
   */
  int reserve(Worker w, int liveWorkers) {
    Job[] buf = w.reserved;
    if (buf == null) w.reserved = buf = new Job[PoolTuning.RESERVE];
    // counted before the jobs leave the queue: a worker that then finds it empty sees the run
    held.incrementAndGet();
    int n = queue.reserve(buf, PoolTuning.RESERVE, liveWorkers);
    if (n > 1) {
      w.holdsRun = true;
    } else {
      held.decrementAndGet();
    }
    w.nextReserved = 0;
    w.reservedCount = n;
    return n;
  }

  /** The next job reserved by {@code w} that it could claim (a remover may win one); else null. */
  Job takeOwn(Worker w) {
    Job[] buf = w.reserved;
    while (w.nextReserved < w.reservedCount) {
      int k = w.nextReserved++;
      Job j = buf[k];
      buf[k] = null;
      if (j.claimFromQueue()) {
        engine.dequeued();
        return j;
      }
    }
    if (w.holdsRun) { // its run is over
      w.holdsRun = false;
      held.decrementAndGet();
    }
    return null;
  }

  /**
   * By {@code w}, which found the queue empty while other workers hold runs: claims the oldest job
   * it finds in another worker's run; null if none. The owner's plain writes to its run array are
   * read racily here: a stale or missing entry is harmless, since {@link Job#claimFromQueue}
   * settles who takes each job.
   */
  Job steal(Worker w) {
    for (Worker v : workers) {
      Job[] buf = v.reserved;
      if (v == w || buf == null) continue;
      for (Job j : buf) {
        if (j != null && !j.takenFromQueue() && j.claimFromQueue()) {
          engine.dequeued();
          return j;
        }
      }
    }
    return null;
  }

  /** With the pool halted: cancels the jobs {@code w} reserved and has not run, into the report. */
  void abandonOwn(Worker w) {
    for (Job j; (j = takeOwn(w)) != null; ) engine.life.abandonHalted(j);
  }

  /**
   * For tests, on a worker's thread while it runs a job: how many jobs the pool's workers have
   * reserved and not yet taken (exact for the calling thread's own worker, racy for the others).
   */
  int reservedAhead() {
    int n = 0;
    for (Worker w : workers) n += w.reservedCount - w.nextReserved;
    return n;
  }
}
