package dev.weft.mapreduce.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.metrics.JobMetrics;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.mapreduce.Combiner;
import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Engine;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.JobFunctions;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.JobStats;
import dev.weft.mapreduce.LongMapper;
import dev.weft.mapreduce.MalformedPolicy;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.mapreduce.Mapper;
import dev.weft.mapreduce.Output;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;

/**
 * Runs map-reduce jobs on a Hazelcast cluster as Jet pipelines: the same {@link MapReduceJob}
 * values {@link dev.weft.mapreduce.LocalEngine} runs, with the same output.
 *
 * <pre>{@code
 * HazelcastInstance client = HazelcastClient.newHazelcastClient(clientConfig);
 * Engine engine = HazelcastEngine.create(client);
 * JobResult<String, Long> counts = engine.run(ctx, Jobs.wordCount(Input.lines(file)));
 * }</pre>
 *
 * <p><b>How a job runs.</b> Each member runs {@link JobConfig#parallelism()} source processors.
 * Every processor cuts the input into the same splits and maps the splits whose number, modulo the
 * number of processors, is its own; it combines the pairs it emits (the job's combiner, or a sum)
 * before handing them on. Jet groups the pairs by key across the cluster, combining each member's
 * partial value into one per key, runs the reduce function on the member that owns the key, and
 * writes one entry per key to a temporary {@code IMap}. The engine reads that map back, applies
 * the job's {@link Output} order (sorted, top-k) here, on the submitting side, and destroys the
 * map.
 *
 * <p><b>Inputs.</b> {@link Input#of} records travel inside the job, to every member. {@link
 * Input#lines} files are read by the members themselves, by byte ranges, so every member must see
 * each file at the same path (the path is made absolute on the submitting side): true for members
 * on one machine, or a shared file system. {@link Input#channel} cannot be sent to a cluster and is
 * rejected.
 *
 * <p><b>Configuration.</b> Of the {@link JobConfig}, the engine uses {@code parallelism} (source
 * processors per member), {@code splitSize}, {@code maxRecordLength} and {@code malformedPolicy}
 * ({@code fail} or {@code skip}; a dead-letter file cannot be shared by the members and is
 * rejected). The container, memory budget, spill directory and partition count are the members'
 * business: Jet keeps one hash table per processor, and the job's {@link
 * dev.weft.mapreduce.Partitioner} is not used, since Jet places keys by its own partitioning (the
 * partitioner never changes a job's output).
 *
 * <p><b>Serialization.</b> The functions of a job are serializable interfaces; before submitting,
 * the engine serializes each function (and the records of a collection input) and fails with an
 * {@link IllegalArgumentException} naming the one that cannot be sent, with its cause. Keys,
 * values and outputs cross the network too and must be serializable. Every class a job uses
 * (weft-mapreduce, this module and the job's own classes) must be on the members' class path.
 *
 * <p><b>Statistics.</b> {@link JobStats#bytesRead}, {@code records}, {@code emitted}, {@code
 * malformedRecords} and {@code splits} come from Jet user metrics summed over the processors (zero
 * when the members have metrics turned off); {@code keys} is the number of reduced entries; {@code
 * mapTime} is the Jet job's wall time, {@code mergeTime} the time spent reading the output back and
 * ordering it, {@code totalTime} the whole run. {@code stolenSplits}, {@code spillRuns}, {@code
 * spilledBytes} and {@code sampleTime} are zero, and {@code container} is {@link Container#hash()}.
 *
 * <p>An engine holds no state between jobs: it may run several jobs at once, from any thread. It
 * does not own the Hazelcast instance, and never shuts it down.
 */
public final class HazelcastEngine implements Engine {

  private final HazelcastInstance hazelcast;
  private final JobConfig config;

  /**
   * An engine that submits jobs through {@code hazelcast}, a member or a client.
   *
   * @param hazelcast the instance jobs are submitted through
   * @param config the parallelism, split size, record length and malformed policy jobs run with
   * @throws IllegalArgumentException if the malformed policy is a dead-letter file
   * @throws NullPointerException if an argument is null
   */
  public HazelcastEngine(HazelcastInstance hazelcast, JobConfig config) {
    this.hazelcast = Objects.requireNonNull(hazelcast, "HazelcastEngine: instance is null");
    this.config = Objects.requireNonNull(config, "HazelcastEngine: config is null");
    if (config.malformedPolicy() instanceof MalformedPolicy.DeadLetter) {
      throw new IllegalArgumentException(
          "HazelcastEngine: a dead-letter file cannot be shared by the members; use MalformedPolicy.skip() or fail()");
    }
  }

  /**
   * An engine with {@link JobConfig#defaults()}.
   *
   * @param hazelcast the instance jobs are submitted through, a member or a client
   * @return a new engine
   * @throws NullPointerException if {@code hazelcast} is null
   */
  public static HazelcastEngine create(HazelcastInstance hazelcast) {
    return new HazelcastEngine(hazelcast, JobConfig.defaults());
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
   * Submits {@code job} to the cluster as a Jet job and waits for its result. When {@code ctx} is
   * done or the calling thread is interrupted while waiting, the Jet job is cancelled, and this
   * method returns (throwing) only after it has stopped; the temporary output map is destroyed
   * either way.
   *
   * @param ctx cancels the job when done
   * @param job the job
   * @param <K> the key type
   * @param <O> the output value type
   * @return the output and the statistics
   * @throws InterruptedException if the calling thread is interrupted on entry or while waiting
   * @throws JobFailedException if the job failed: the message names what failed (the split and
   *     record position for the map function, the key for the reduce function) as the member
   *     reported it
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done first
   * @throws IllegalArgumentException if the job has a channel input, or a function (or a record of
   *     a collection input) is not serializable; the message names it
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <K, O> JobResult<K, O> run(Context ctx, MapReduceJob<?, K, ?, O> job)
      throws InterruptedException, JobFailedException {
    Objects.requireNonNull(ctx, "HazelcastEngine: context is null");
    Objects.requireNonNull(job, "HazelcastEngine: job is null");
    String name = "weft-mapreduce-" + UUID.randomUUID();
    SourcePlan plan = plan(job, name + "-cancel");
    if (Thread.interrupted()) throw new InterruptedException("HazelcastEngine: interrupted");
    ctx.throwIfDone();
    long start = System.nanoTime();
    Job jet = hazelcast.getJet().newJob(
        JetPlan.pipeline(plan, job.functions(), config.parallelism(), name),
        new com.hazelcast.jet.config.JobConfig().setName(name).setStoreMetricsAfterJobCompletion(true));
    IMap<K, O> out = hazelcast.getMap(name);
    ITopic<Boolean> cancelTopic = hazelcast.getTopic(plan.cancelTopic());
    try {
      await(ctx, jet, name, cancelTopic);
      long mapped = System.nanoTime();
      List<Map.Entry<K, O>> entries = new ArrayList<>(out.size());
      for (Map.Entry<K, O> e : out.entrySet()) entries.add(Map.entry(e.getKey(), e.getValue()));
      long keys = entries.size();
      entries = ordered(entries, job.output());
      long end = System.nanoTime();
      JobMetrics m = jet.getMetrics();
      JobStats stats = new JobStats(
          sum(m, SplitMapper.BYTES), sum(m, SplitMapper.RECORDS), sum(m, SplitMapper.EMITTED),
          sum(m, SplitMapper.MALFORMED), keys, (int) sum(m, SplitMapper.SPLITS), 0, 0, 0, 0,
          Container.hash(), Duration.ZERO, Duration.ofNanos(mapped - start), Duration.ofNanos(end - mapped),
          Duration.ofNanos(end - start));
      return new JobResult<>(entries, stats);
    } finally {
      out.destroy();
      cancelTopic.destroy();
    }
  }

  /** Waits for the Jet job; cancels it when {@code ctx} is done or the wait is interrupted. */
  private static void await(Context ctx, Job jet, String name, ITopic<Boolean> cancelTopic)
      throws InterruptedException, JobFailedException {
    AfterFunc canceller = Context.afterFunc(ctx, () -> cancel(jet, cancelTopic));
    try {
      jet.getFuture().get();
    } catch (InterruptedException e) {
      cancel(jet, cancelTopic);
      awaitStopped(jet);
      Thread.interrupted(); // an interrupt while stopping: the exception reports both
      throw e;
    } catch (ExecutionException | CancellationException e) {
      if (ctx.isDone()) {
        awaitStopped(jet);
        ctx.throwIfDone();
      }
      throw failure(name, e);
    } finally {
      canceller.stop();
    }
  }

  /**
   * Cancels the Jet job, and tells the source processors to interrupt a map function that blocks
   * (Jet itself never interrupts one).
   */
  private static void cancel(Job jet, ITopic<Boolean> cancelTopic) {
    try {
      jet.cancel();
    } catch (RuntimeException e) {
      // already finished: nothing to cancel
    }
    cancelTopic.publish(Boolean.TRUE);
  }

  /** Waits, not interruptibly, until the Jet job has stopped; keeps the interrupt status. */
  private static void awaitStopped(Job jet) {
    try {
      jet.getFuture().join();
    } catch (RuntimeException e) {
      // the outcome is reported by the caller
    }
  }

  /** A failure that names what failed on the member: the weft message if there is one. */
  private static JobFailedException failure(String name, Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    String detail = cause.toString();
    int depth = 0;
    for (Throwable t = cause; t != null && depth++ < 32; t = t.getCause()) { // bounded: chains may loop
      String msg = t.getMessage();
      int at = msg == null ? -1 : msg.indexOf("MapReduceJob: ");
      if (t instanceof JobFailedException && msg != null) {
        detail = msg;
        break;
      }
      if (at >= 0) detail = msg.substring(at);
    }
    return new JobFailedException("HazelcastEngine: Jet job " + name + " failed: " + detail, cause);
  }

  private static <K, O> List<Map.Entry<K, O>> ordered(List<Map.Entry<K, O>> entries, Output<K, O> output) {
    switch (output) {
      case Output.Unordered<K, O> u -> {
        return entries;
      }
      case Output.Sorted<K, O> s -> {
        entries.sort(s.order());
        return entries;
      }
      case Output.TopK<K, O> t -> {
        entries.sort(t.order());
        return entries.subList(0, Math.min(t.k(), entries.size()));
      }
    }
  }

  private static long sum(JobMetrics metrics, String name) {
    long total = 0;
    for (Measurement m : metrics.get(name)) total += m.value();
    return total;
  }

  @SuppressWarnings("unchecked")
  private SourcePlan plan(MapReduceJob<?, ?, ?, ?> job, String cancelTopic) {
    List<String> files = null;
    List<?> items = null;
    switch (job.input()) {
      case Input.Lines l -> {
        files = new ArrayList<>();
        for (var p : l.files()) files.add(p.toAbsolutePath().toString());
      }
      case Input.Items<?> i -> {
        items = i.items();
        Shipping.check("input records", items);
      }
      case Input.FromChannel<?> c -> throw new IllegalArgumentException(
          "HazelcastEngine: a channel input cannot be sent to a cluster; collect it with Input.of or write it to files");
    }
    boolean skip = config.malformedPolicy() instanceof MalformedPolicy.Skip;
    switch (job.functions()) {
      case JobFunctions.OfLongs<?, ?, ?> l -> {
        Shipping.check("map function", l.mapper());
        Shipping.check("combiner", l.combiner());
        Shipping.check("reduce function", l.reducer());
        return new SourcePlan(files, items, null, null, (LongMapper<Object, Object>) l.mapper(), l.combiner(),
            config.splitSize(), config.maxRecordLength(), skip, cancelTopic);
      }
      case JobFunctions.OfObjects<?, ?, ?, ?> o -> {
        Shipping.check("map function", o.mapper());
        o.combiner().ifPresent(c -> Shipping.check("combiner", c));
        Shipping.check("reduce function", o.reducer());
        return new SourcePlan(files, items, (Mapper<Object, Object, Object>) o.mapper(),
            (Combiner<Object>) o.combiner().orElse(null), null, null,
            config.splitSize(), config.maxRecordLength(), skip, cancelTopic);
      }
    }
  }
}
