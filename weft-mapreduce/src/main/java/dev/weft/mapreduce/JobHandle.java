package dev.weft.mapreduce;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A job started by {@link LocalEngine#start}: its progress while it runs, its result when it is
 * done. A handle belongs to one run and cannot be restarted.
 *
 * <p><b>Memory consistency effects:</b> everything the job's functions did <i>happens-before</i>
 * a return from {@link #await()}.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
public final class JobHandle<K, O> {

  private final JobRun<K, O> run;
  private final CountDownLatch done = new CountDownLatch(1);
  private JobResult<K, O> result; // written before done.countDown()
  private Throwable failure; // written before done.countDown()

  JobHandle(JobRun<K, O> run) {
    this.run = run;
  }

  void complete(JobResult<K, O> r, Throwable t) {
    result = r;
    failure = t;
    done.countDown();
  }

  /**
   * A snapshot of the job's progress; cheap, and safe to call from any thread at any time.
   *
   * @return the phase, bytes read, records mapped and elapsed time
   */
  public JobProgress progress() {
    return new JobProgress(
        run.phase, run.bytesRead.sum(), run.totalBytes, run.records.sum(),
        Duration.ofNanos(System.nanoTime() - run.startNanos));
  }

  /**
   * Asks the job to stop: every worker stops at its next check (within about a thousand records),
   * and {@link #await()} then throws {@link CancellationException}. Does nothing if the job is
   * done.
   */
  public void cancel() {
    run.ctx.cancel();
  }

  /**
   * Whether the job has finished, failed or been cancelled, its workers stopped and its temporary
   * files deleted.
   *
   * @return true once the job is done
   */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits until the job is done and returns its result. Interrupting the wait does not stop the
   * job (use {@link #cancel()}).
   *
   * @return the output and the statistics
   * @throws InterruptedException if the calling thread is interrupted on entry or while waiting
   * @throws JobFailedException if the job failed
   * @throws CancellationException if the job was cancelled ({@link
   *     dev.weft.context.ContextCancelledException} when the context given to {@code start} is
   *     done)
   */
  public JobResult<K, O> await() throws InterruptedException, JobFailedException {
    done.await();
    return report();
  }

  /**
   * Waits at most {@code timeout} for the job to be done.
   *
   * @param timeout the longest wait
   * @return true if the job is done
   * @throws InterruptedException if the calling thread is interrupted on entry or while waiting
   */
  public boolean await(Duration timeout) throws InterruptedException {
    return done.await(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
  }

  /** Waits for the job, ignoring interrupts; the caller reports them. */
  void awaitUninterruptibly() {
    while (true) {
      try {
        done.await();
        return;
      } catch (InterruptedException e) {
        // keep waiting: the workers must be gone before the caller returns
      }
    }
  }

  private JobResult<K, O> report() throws JobFailedException {
    Throwable t = failure;
    if (t == null) return result;
    switch (t) {
      case JobFailedException e -> throw e;
      case RuntimeException e -> throw e;
      case Error e -> throw e;
      default -> throw new JobFailedException("MapReduceJob: " + t, t);
    }
  }
}
