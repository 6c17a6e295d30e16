package dev.weft.mapreduce.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Util;
import com.hazelcast.jet.core.metrics.Metric;
import com.hazelcast.jet.core.metrics.Metrics;
import com.hazelcast.jet.pipeline.SourceBuilder.SourceBuffer;
import com.hazelcast.topic.ITopic;
import dev.weft.mapreduce.Emitter;
import dev.weft.mapreduce.JobFailedException;
import dev.weft.mapreduce.LongEmitter;
import dev.weft.mapreduce.MalformedRecordException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one source processor: it reads its splits and runs the map function on every
 * record, combining the emitted pairs of a batch of records before handing them to Jet (the
 * combiner on emit); Jet then groups the pairs by key.
 *
 * <p>Implementation notes. Split {@code i} of the job belongs to the processor whose global index
 * is {@code i mod total}; every processor cuts the input identically, so no coordination is needed.
 * A {@link #fill} call maps at most {@link #RECORDS_PER_FILL} records and flushes what it combined,
 * so Jet can interleave it with other work and see cancellation between calls. Counters go to Jet
 * user metrics, which the engine sums into the job's statistics.
 *
 * <p>Cancellation. Jet cancels a job between calls of {@code fill} and never interrupts a blocking
 * processor, so a map function that blocks would hold a cancelled job forever. The engine therefore
 * also publishes on the job's cancel topic; the listener here sets {@link #cancelled} and
 * interrupts the thread inside {@code fill}, if any. The lock makes "interrupt the filling thread"
 * and "leave fill, clearing a late interrupt" exclusive, so no interrupt escapes into Jet's own
 * code.
 *
 * <p>Jet calls one processor's state from one thread at a time; only {@link #cancel()} comes from
 * another (the topic's event thread).
 */
final class SplitMapper {

  /** Metric names, summed over processors by the engine. */
  static final String RECORDS = "weftRecords";

  static final String EMITTED = "weftEmitted";
  static final String MALFORMED = "weftMalformed";
  static final String BYTES = "weftBytesRead";
  static final String SPLITS = "weftSplits";

  private static final int RECORDS_PER_FILL = 4096;
  private static final int MAX_PENDING = 8192;

  private final SourcePlan plan;
  private final int index;
  private final int total;
  private final ITopic<Boolean> cancelTopic;
  private final UUID listener;
  private final ReentrantLock lock = new ReentrantLock();
  /** The thread inside {@link #fill}, or null; guarded by {@link #lock}. */
  private Thread filling;
  private volatile boolean cancelled;
  private List<Split> splits;
  private int nextSplit;

  private Split current;
  private LineRange lines;
  private int item;

  private final Map<Object, long[]> pendingLongs = new HashMap<>();
  private final Map<Object, Object> pendingCombined = new HashMap<>();
  private final List<Map.Entry<Object, Object>> pendingPairs = new ArrayList<>();

  private long records;
  private long emitted;
  private long malformed;
  private long bytes;
  private long splitCount;
  private Metric[] metrics;

  private final LongEmitter<Object> longEmitter = new LongEmitter<>() {
    @Override
    public void emit(Object key, long value) {
      Objects.requireNonNull(key, "LongEmitter: key is null");
      emitted++;
      long[] c = pendingLongs.get(key);
      if (c == null) pendingLongs.put(key, new long[] {value});
      else c[0] = plan.longCombiner().combine(c[0], value);
    }
  };

  private final Emitter<Object, Object> emitter = new Emitter<>() {
    @Override
    public void emit(Object key, Object value) {
      Objects.requireNonNull(key, "Emitter: key is null");
      Objects.requireNonNull(value, "Emitter: value is null");
      emitted++;
      if (plan.combiner() == null) {
        pendingPairs.add(Util.entry(key, value));
      } else {
        Object old = pendingCombined.get(key);
        pendingCombined.put(key, old == null ? value : plan.combiner().combine(old, value));
      }
    }
  };

  SplitMapper(SourcePlan plan, int index, int total, HazelcastInstance member) {
    this.plan = plan;
    this.index = index;
    this.total = total;
    this.cancelTopic = member.getTopic(plan.cancelTopic());
    this.listener = cancelTopic.addMessageListener(m -> cancel());
  }

  /** Stops the map function: called when the engine announces that it cancelled the job. */
  void cancel() {
    lock.lock();
    try {
      cancelled = true;
      if (filling != null) filling.interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Maps up to {@link #RECORDS_PER_FILL} records into {@code buffer}; closes it after the last.
   *
   * @throws JobFailedException if the map function failed, a malformed record met the failing
   *     policy or a file could not be read; the message names the split and the record's position
   */
  void fill(SourceBuffer<Map.Entry<Object, Object>> buffer) throws JobFailedException {
    lock.lock();
    try {
      if (cancelled) throw new CancellationException("HazelcastEngine: job cancelled");
      filling = Thread.currentThread();
    } finally {
      lock.unlock();
    }
    try {
      fillBatch(buffer);
    } finally {
      lock.lock();
      try {
        filling = null;
        if (cancelled) Thread.interrupted(); // an interrupt meant for the map function
      } finally {
        lock.unlock();
      }
    }
  }

  private void fillBatch(SourceBuffer<Map.Entry<Object, Object>> buffer) throws JobFailedException {
    if (splits == null) start();
    for (int n = 0; n < RECORDS_PER_FILL; n++) {
      if (cancelled) throw new CancellationException("HazelcastEngine: job cancelled");
      if (current == null && !openNext()) {
        flush(buffer);
        publish();
        buffer.close();
        return;
      }
      if (!mapNext()) closeCurrent();
      if (pending() >= MAX_PENDING) flush(buffer);
    }
    flush(buffer);
    publish();
  }

  /** Stops listening for cancellation and closes the open file, if any. */
  void close() throws IOException {
    try {
      cancelTopic.removeMessageListener(listener);
    } catch (RuntimeException e) {
      // the engine destroyed the topic first: nothing left to remove
    }
    closeFile();
  }

  private void closeFile() throws IOException {
    if (lines != null) lines.close();
    lines = null;
  }

  private void start() throws JobFailedException {
    metrics = new Metric[] {
      Metrics.metric(RECORDS), Metrics.metric(EMITTED), Metrics.metric(MALFORMED),
      Metrics.metric(BYTES), Metrics.metric(SPLITS)
    };
    if (plan.files() != null) {
      try {
        splits = Split.ofFiles(plan.files(), plan.splitSize(), total);
      } catch (IOException e) {
        throw new JobFailedException("MapReduceJob: cannot read input file: " + e, e);
      }
    } else {
      splits = Split.ofItems(plan.items().size(), plan.splitSize(), total);
    }
    nextSplit = index;
  }

  private boolean openNext() throws JobFailedException {
    if (nextSplit >= splits.size()) return false;
    current = splits.get(nextSplit);
    nextSplit += total;
    splitCount++;
    switch (current) {
      case Split.FileRange f -> {
        try {
          lines = new LineRange(Path.of(f.file()), f.start(), f.end(), plan.maxRecordLength());
        } catch (IOException e) {
          throw new JobFailedException(
              "MapReduceJob: cannot read input file " + f.file() + " (split " + f.describe() + "): " + e, e);
        }
      }
      case Split.ItemRange r -> item = r.from();
    }
    return true;
  }

  private void closeCurrent() throws JobFailedException {
    if (lines != null) {
      bytes += lines.bytesRead;
      try {
        closeFile();
      } catch (IOException e) {
        throw new JobFailedException("MapReduceJob: cannot close input file (split " + current.describe() + "): " + e, e);
      }
    }
    current = null;
  }

  /** Maps the next record of the current split; false when the split has no more. */
  private boolean mapNext() throws JobFailedException {
    Object record;
    long position;
    switch (current) {
      case Split.FileRange f -> {
        try {
          if (!lines.next()) return false;
        } catch (IOException e) {
          throw new JobFailedException(
              "MapReduceJob: cannot read input file " + f.file() + " (split " + f.describe() + "): " + e, e);
        }
        position = lines.lineStart;
        if (lines.text == null) {
          records++;
          onMalformed(position, lines.malformed);
          return true;
        }
        record = lines.text;
      }
      case Split.ItemRange r -> {
        if (item >= r.to()) return false;
        position = item;
        record = plan.items().get(item++);
      }
    }
    records++;
    try {
      if (plan.longMapper() != null) plan.longMapper().map(record, longEmitter);
      else plan.mapper().map(record, emitter);
    } catch (MalformedRecordException e) {
      onMalformed(position, e.getMessage());
    } catch (Exception e) {
      if (cancelled) throw new CancellationException("HazelcastEngine: job cancelled");
      throw new JobFailedException(
          "MapReduceJob: map failed in split " + current.describe() + " at " + where(position) + ": " + e, e);
    }
    return true;
  }

  private String where(long position) {
    return (current instanceof Split.FileRange ? "byte " : "index ") + position;
  }

  private void onMalformed(long position, String reason) throws JobFailedException {
    if (!plan.skipMalformed()) {
      throw new JobFailedException(
          "MapReduceJob: malformed record in split " + current.describe() + " at " + where(position) + ": " + reason,
          null);
    }
    malformed++;
  }

  private int pending() {
    return pendingLongs.size() + pendingCombined.size() + pendingPairs.size();
  }

  private void flush(SourceBuffer<Map.Entry<Object, Object>> buffer) {
    for (Map.Entry<Object, long[]> e : pendingLongs.entrySet()) buffer.add(Util.entry(e.getKey(), e.getValue()[0]));
    for (Map.Entry<Object, Object> e : pendingCombined.entrySet()) buffer.add(Util.entry(e.getKey(), e.getValue()));
    for (Map.Entry<Object, Object> e : pendingPairs) buffer.add(e);
    pendingLongs.clear();
    pendingCombined.clear();
    pendingPairs.clear();
  }

  private void publish() {
    long bytesNow = bytes + (lines == null ? 0 : lines.bytesRead);
    long[] values = {records, emitted, malformed, bytesNow, splitCount};
    for (int i = 0; i < values.length; i++) metrics[i].set(values[i]);
  }
}
