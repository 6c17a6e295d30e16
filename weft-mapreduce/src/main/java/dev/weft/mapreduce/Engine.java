package dev.weft.mapreduce;

import dev.weft.context.Context;

/**
 * Runs {@link MapReduceJob}s. {@link LocalEngine} runs them on this machine's cores; other
 * engines (a cluster) run the same job values.
 */
public interface Engine {

  /**
   * Runs {@code job} and waits for its result.
   *
   * <p>Stops early when {@code ctx} is done or the calling thread is interrupted; either way the
   * job's workers have stopped and its temporary files are deleted when this method returns or
   * throws.
   *
   * @param ctx cancels the job when done
   * @param job the job
   * @param <K> the key type
   * @param <O> the output value type
   * @return the output and the statistics
   * @throws InterruptedException if the calling thread is interrupted (on entry or while waiting)
   * @throws JobFailedException if a function failed, input could not be read, a malformed record
   *     met the failing policy, or spilling failed
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done first
   * @throws NullPointerException if an argument is null
   */
  <K, O> JobResult<K, O> run(Context ctx, MapReduceJob<?, K, ?, O> job)
      throws InterruptedException, JobFailedException;
}
