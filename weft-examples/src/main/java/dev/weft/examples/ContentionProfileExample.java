package dev.weft.examples;

import dev.weft.flow.shard.ShardedMap;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;

/**
 * Finding a hot lock with JDK Flight Recorder, and fixing it by sharding.
 *
 * <p>4 threads record 20,000 requests each into per-endpoint statistics; each request also
 * recomputes its endpoint's p99 latency, a small sort. The first version keeps the statistics in
 * one {@link HashMap} behind one {@link ReentrantLock}: every request of every endpoint queues on
 * that lock. A thread that finds the lock taken parks, and JFR's {@code jdk.ThreadPark} event
 * records each park with its duration and stack trace; grouping the events by the first frame of
 * the example's own code names the hot spot. The fix keeps the statistics in weft-flow's {@link
 * ShardedMap}: 16 locks, each guarding the endpoints that hash to it, so two requests contend only
 * when their endpoints share a shard. The same recording runs again to show the parks left.
 *
 * <p>These 4 threads are platform threads, because {@code jdk.ThreadPark} records the parks of
 * platform threads: a virtual thread that waits for a lock unmounts from its carrier, and JFR does
 * not report that as a park. Profile lock contention with the same code on platform threads, or
 * count waits in the code.
 *
 * <p>The recording is started in-process here. On a running service: {@code jcmd <pid> JFR.start
 * duration=30s filename=app.jfr}, then {@code jfr print --events jdk.ThreadPark app.jfr}, or open
 * the file in JDK Mission Control. For code that uses {@code synchronized} the event is {@code
 * jdk.JavaMonitorEnter} (this project keeps {@code synchronized} out of its main code). Go's
 * equivalent is the mutex profile ({@code runtime.SetMutexProfileFraction} and {@code go tool
 * pprof}).
 *
 * <p>What to look for: the same totals before and after; the parks before are in the one-lock
 * {@code record}; how many parks there are depends on how the threads meet on this machine in
 * this run, so a run with few parks is possible.
 */
final class ContentionProfileExample implements Example {

  private static final int THREADS = 4;
  private static final int REQUESTS = 20_000; // per thread
  private static final int ENDPOINTS = 16;
  private static final String PARK = "jdk.ThreadPark";

  /**
   * One endpoint's request count and its p99 latency over its last 64 requests, recomputed on every
   * request: a sort under the lock, the kind of work that makes a lock hot. Not thread-safe: its
   * owner's lock guards it.
   */
  private static final class EndpointStats {
    private final long[] recent = new long[64];
    long count;
    long p99;

    EndpointStats add(long micros) {
      recent[(int) (count++ % recent.length)] = micros;
      long[] sorted = Arrays.copyOf(recent, (int) Math.min(count, recent.length));
      Arrays.sort(sorted);
      p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
      return this;
    }
  }

  /** Where requests are recorded. */
  private interface Recorder {
    void record(String endpoint, long micros);

    long requests();
  }

  @Override
  public String name() {
    return "contention-profile";
  }

  @Override
  public String description() {
    return "a hot lock found with JFR's park events, then sharded; event counts before and after";
  }

  @Override
  public String goIdiom() {
    return "Go's mutex profile (`runtime.SetMutexProfileFraction`, `go tool pprof`) and a sharded map as the fix";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println(THREADS + " platform threads record " + REQUESTS + " requests each on " + ENDPOINTS
        + " endpoints; JFR records " + PARK);
    profile(out, "before: one ReentrantLock around a HashMap", new OneLock());
    profile(out, "after:  ShardedMap with 16 shards", new Sharded());
  }

  private static void profile(PrintStream out, String title, Recorder recorder) throws Exception {
    List<RecordedEvent> events;
    try (JfrRecording recording = new JfrRecording(PARK)) {
      List<Callable<Void>> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        threads.add(() -> {
          for (int i = 0; i < REQUESTS; i++) {
            recorder.record("/api/v1/endpoint-" + (i + thread) % ENDPOINTS, i % 250);
          }
          return null;
        });
      }
      // Platform threads: jdk.ThreadPark records the parks of platform threads; a virtual thread
      // that waits for a lock unmounts instead, and JFR does not record that as a park.
      try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
        for (Future<Void> f : pool.invokeAll(threads)) f.get();
      }
      events = recording.stop();
    }
    Map<String, Long> parksByFrame = new HashMap<>();
    Duration parked = Duration.ZERO;
    for (RecordedEvent event : events) {
      Optional<String> frame = exampleFrame(event);
      if (frame.isEmpty()) continue; // a park elsewhere in the JVM
      parksByFrame.merge(frame.get(), 1L, Long::sum);
      parked = parked.plus(event.getDuration());
    }
    long parks = parksByFrame.values().stream().mapToLong(Long::longValue).sum();
    out.println(title + ": " + recorder.requests() + " requests recorded");
    out.println("  " + PARK + " events in this code: " + parks + ", time parked: " + parked.toMillis() + " ms");
    parksByFrame.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .findFirst()
        .ifPresentOrElse(
            hot -> out.println("  hottest frame: " + hot.getKey() + " (" + hot.getValue() + " parks)"),
            () -> out.println("  no park in this code in this run"));
  }

  /** The first frame of this example's recorders in a park event's stack, if any. */
  private static Optional<String> exampleFrame(RecordedEvent event) {
    if (event.getStackTrace() == null) return Optional.empty();
    for (RecordedFrame frame : event.getStackTrace().getFrames()) {
      String type = frame.getMethod().getType().getName();
      if (type.endsWith("$OneLock") || type.endsWith("$Sharded")) {
        return Optional.of(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
      }
    }
    return Optional.empty();
  }

  /** Every endpoint behind one lock: the hot spot. */
  private static final class OneLock implements Recorder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, EndpointStats> stats = new HashMap<>(); // guarded by lock

    @Override
    public void record(String endpoint, long micros) {
      lock.lock();
      try {
        stats.computeIfAbsent(endpoint, e -> new EndpointStats()).add(micros);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public long requests() {
      lock.lock();
      try {
        return stats.values().stream().mapToLong(s -> s.count).sum();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Endpoints spread over 16 independently locked shards: the fix. */
  private static final class Sharded implements Recorder {
    private final ShardedMap<String, EndpointStats> stats = new ShardedMap<>(16);

    @Override
    public void record(String endpoint, long micros) {
      // compute runs under the key's shard lock, which then guards the endpoint's stats
      stats.compute(endpoint, (e, s) -> (s == null ? new EndpointStats() : s).add(micros));
    }

    @Override
    public long requests() {
      long[] total = new long[1];
      stats.forEach((e, s) -> total[0] += s.count); // forEach holds each shard's lock in turn
      return total[0];
    }
  }
}
