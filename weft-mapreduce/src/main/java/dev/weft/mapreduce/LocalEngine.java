package dev.weft.mapreduce;

import dev.weft.context.Context;
import dev.weft.sync.Threads;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Runs map-reduce jobs on this machine: {@link JobConfig#parallelism()} workers map the input's
 * splits (stealing from each other when their own run out), combine on every emit into the
 * configured container, spill sorted runs to disk over the memory budget, then merge and reduce
 * the partitions in parallel.
 *
 * <pre>{@code
 * LocalEngine engine = new LocalEngine(JobConfig.defaults().withMemoryBudget(64 << 20));
 * JobResult<String, Long> counts = engine.run(ctx, Jobs.wordCount(Input.lines(file)));
 * }</pre>
 *
 * <p>Workers are weft's tracked virtual threads, one per unit of parallelism; a job's threads all
 * end before {@code run} returns or throws. An engine holds no state between jobs: it may run
 * several jobs at once, from any thread.
 */
public final class LocalEngine implements Engine {

  private final JobConfig config;
  private final ThreadFactory threads;

  /**
   * An engine with the given configuration.
   *
   * @param config how jobs are run
   * @throws NullPointerException if {@code config} is null
   */
  public LocalEngine(JobConfig config) {
    this(config, Threads.factory("weft-mapreduce-"));
  }

  /** An engine whose workers come from {@code threads} (for measuring thread kinds). */
  LocalEngine(JobConfig config, ThreadFactory threads) {
    this.config = Objects.requireNonNull(config, "LocalEngine: config is null");
    this.threads = threads;
  }

  /**
   * An engine with {@link JobConfig#defaults()}.
   *
   * @return a new engine
   */
  public static LocalEngine create() {
    return new LocalEngine(JobConfig.defaults());
  }

  /**
   * The configuration jobs run with.
   *
   * @return the configuration
   */
  public JobConfig config() {
    return config;
  }

  /**
   * Runs {@code job} and waits for its result. When the calling thread is interrupted while
   * waiting, the job is cancelled, and this method returns (throwing {@link InterruptedException})
   * only after its workers have stopped and its spill files are deleted.
   *
   * @param ctx cancels the job when done
   * @param job the job
   * @param <K> the key type
   * @param <O> the output value type
   * @return the output and the statistics
   * @throws InterruptedException if the calling thread is interrupted on entry or while waiting
   * @throws JobFailedException if the job failed
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done first
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <K, O> JobResult<K, O> run(Context ctx, MapReduceJob<?, K, ?, O> job)
      throws InterruptedException, JobFailedException {
    if (Thread.interrupted()) throw new InterruptedException("LocalEngine: interrupted");
    JobHandle<K, O> h = start(ctx, job);
    try {
      return h.await();
    } catch (InterruptedException e) {
      h.cancel();
      h.awaitUninterruptibly(); // the exception reports the interrupt
      throw e;
    }
  }

  /**
   * Starts {@code job} in the background and returns at once. The job stops early when {@code
   * ctx} is done or {@link JobHandle#cancel()} is called.
   *
   * @param ctx cancels the job when done
   * @param job the job
   * @param <K> the key type
   * @param <O> the output value type
   * @return the handle to follow and await the job
   * @throws NullPointerException if an argument is null
   */
  public <K, O> JobHandle<K, O> start(Context ctx, MapReduceJob<?, K, ?, O> job) {
    Objects.requireNonNull(ctx, "LocalEngine: context is null");
    Objects.requireNonNull(job, "LocalEngine: job is null");
    JobRun<K, O> run = new JobRun<>(ctx, job, config, threads);
    JobHandle<K, O> handle = new JobHandle<>(run);
    Threads.start("weft-mapreduce-job", () -> {
      JobResult<K, O> r = null;
      Throwable t = null;
      try {
        r = run.execute();
      } catch (Throwable e) {
        t = e;
      }
      handle.complete(r, t);
    });
    return handle;
  }
}
