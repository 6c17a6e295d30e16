package dev.weft.mapreduce;

import dev.weft.chan.ReceiveResult;
import dev.weft.context.AfterFunc;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of one job: sampling, mapping, merging, output, clean-up.
 *
 * <p>Implementation notes. The run has three phases, each a fixed set of worker threads joined
 * before the next starts. (1) Sampling, when the container is automatic: a few hundred records
 * from up to four splits go through the map function into a counting emitter; the number of
 * distinct keys, extrapolated sublinearly (Heaps' law, exponent 1/2, for repetitive keys), sizes
 * the tables and picks {@code hash} or {@code shared}. (2) Mapping: each worker takes splits from
 * {@link SplitQueues} and emits into its {@link Store}; a hash store over its share of the budget
 * (budget / workers) writes a {@link SpillRun} and starts afresh. At the end of its splits each
 * worker cuts its table into partitions sorted by hash ({@link Runs}), in parallel. (3) Merging:
 * workers take partitions from a counter; a partition is a k-way merge, by hash, of every worker's
 * in-memory run and every spill run's section, grouping equal keys among equal hashes; each key is
 * reduced once and goes to the partition's collector (a list, or a bounded heap for top-k).
 *
 * <p>Stopping: the first failure is kept (later ones are suppressed into it) and cancels the
 * run's context; workers look at the context and their interrupt flag every 1024 records, every
 * buffer read and every 1024 keys merged, and stop by throwing {@link Stopped}. Spill files live in
 * a directory of the run's own, deleted in a {@code finally} after every worker has been joined.
 */
final class JobRun<K, O> {

  private static final int CHECK_EVERY = 1024;

  /** Thrown inside a worker to unwind when the run is stopping; never escapes the run. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("stopped", null, false, false);
    }
  }

  private final MapReduceJob<?, K, ?, O> job;
  private final JobConfig config;
  private final ThreadFactory threads;
  private final Context parent;
  final CancelContext ctx;
  private final int workers;
  private final int partitions;
  private final boolean longShape;
  private final Mapper<Object, Object, Object> mapper;
  private final LongMapper<Object, Object> longMapper;
  /** The text path's map function: set when a {@link TextMapper} reads files. */
  private final TextMapper textMapper;
  private final LongCombiner longCombiner;
  private final Reducer<Object, Object, Object> reducer;
  private final LongReducer<Object, Object> longReducer;
  private final Agg agg;
  private final SpillRun.Mode mode;
  private final Partitioner<?> partitioner;

  // progress, read by JobHandle.progress() while the run goes on
  volatile JobProgress.Phase phase = JobProgress.Phase.SAMPLING;
  final LongAdder bytesRead = new LongAdder();
  final LongAdder records = new LongAdder();
  volatile long totalBytes;
  final long startNanos = System.nanoTime();

  private final LongAdder emitted = new LongAdder();
  private final LongAdder malformed = new LongAdder();
  private final LongAdder keys = new LongAdder();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ConcurrentLinkedQueue<SpillRun> spills = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spillSeq = new AtomicInteger();
  private final AtomicInteger spillRuns = new AtomicInteger(); // written while mapping
  private final LongAdder spillBytes = new LongAdder();
  private final AtomicInteger mergedRuns = new AtomicInteger(); // written by compactSpills
  private final ReentrantLock lock = new ReentrantLock(); // guards spillDir and deadLetter
  private Path spillDir;
  private BufferedWriter deadLetter;

  @SuppressWarnings("unchecked")
  JobRun(Context parent, MapReduceJob<?, K, ?, O> job, JobConfig config, ThreadFactory threads) {
    this.job = job;
    this.config = config;
    this.threads = threads;
    this.parent = parent;
    this.ctx = Context.withCancelCause(parent);
    this.workers = config.parallelism();
    this.partitions = config.partitions() > 0 ? config.partitions() : 4 * workers;
    this.partitioner = job.partitioner();
    switch (job.functions()) {
      case JobFunctions.OfObjects<?, ?, ?, ?> f -> {
        longShape = false;
        mapper = (Mapper<Object, Object, Object>) f.mapper();
        reducer = (Reducer<Object, Object, Object>) f.reducer();
        agg = Agg.of(f);
        mode = f.combiner().isPresent() ? SpillRun.Mode.COMBINED : SpillRun.Mode.BUFFERED;
        longMapper = null;
        textMapper = null;
        longCombiner = null;
        longReducer = null;
      }
      case JobFunctions.OfLongs<?, ?, ?> f -> {
        longShape = true;
        longMapper = (LongMapper<Object, Object>) f.mapper();
        longCombiner = f.combiner();
        longReducer = (LongReducer<Object, Object>) f.reducer();
        mode = SpillRun.Mode.LONG;
        textMapper = f.mapper() instanceof Texts.Adapter a && job.input() instanceof Input.Lines
            ? a.mapper()
            : null;
        mapper = null;
        reducer = null;
        agg = null;
      }
    }
  }

  /** Runs the job in the calling thread (and the workers it starts). */
  JobResult<K, O> execute() throws JobFailedException {
    try {
      return execute0();
    } finally {
      phase = JobProgress.Phase.DONE;
      cleanUp();
      ctx.cancel();
    }
  }

  private JobResult<K, O> execute0() throws JobFailedException {
    openDeadLetter();
    List<Split> splits = splits();
    Container container = config.container();
    int expected = 1024;
    long t0 = System.nanoTime();
    if (container instanceof Container.Auto) {
      // in a worker thread of its own, so that cancellation interrupts a blocked map function
      long[] est = new long[1];
      Container[] chosen = {Container.hash()};
      runWorkers(1, w -> chosen[0] = sample(splits, est));
      throwIfStopped();
      container = chosen[0];
      expected = (int) Math.min(est[0], 1 << 20);
    }
    long t1 = System.nanoTime();
    phase = JobProgress.Phase.MAPPING;
    SplitQueues queues = new SplitQueues(splits, workers);
    Container chosen = container;
    int presize = presize(expected);
    Store[] stores = sharedStores(container, presize);
    int[][][] slots = new int[workers][][];
    runWorkers(workers, w -> {
      // a worker's own store is made in its thread, so that no two workers' stores share a cache line
      if (stores[w] == null) stores[w] = ownStore(chosen, presize);
      mapWorker(w, queues, stores[w], slots);
    });
    throwIfStopped();
    long t2 = System.nanoTime();
    phase = JobProgress.Phase.MERGING;
    compactSpills();
    List<Collector> collectors = new ArrayList<>();
    for (int p = 0; p < partitions; p++) collectors.add(new Collector(job.output()));
    AtomicInteger nextPartition = new AtomicInteger();
    Container used = container;
    runWorkers(workers, w -> {
      int p;
      while ((p = nextPartition.getAndIncrement()) < partitions) {
        checkStop();
        mergePartition(p, used, stores, slots, collectors.get(p));
        collectors.get(p).seal(); // each partition sorts its own entries, in parallel
      }
    });
    throwIfStopped();
    List<Map.Entry<K, O>> entries = finish(collectors);
    throwIfStopped();
    long t3 = System.nanoTime();
    JobStats stats =
        new JobStats(
            bytesRead.sum(), records.sum(), emitted.sum(), malformed.sum(), keys.sum(),
            splits.size(), queues.stolen(), spillRuns.get(), spillBytes.sum(), mergedRuns.get(), used,
            Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2),
            Duration.ofNanos(t3 - startNanos));
    return new JobResult<>(entries, stats);
  }

  // ---- input ----

  private List<Split> splits() throws JobFailedException {
    List<Split> out = new ArrayList<>();
    switch (job.input()) {
      case Input.Lines l -> {
        long[] sizes = new long[l.files().size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
          Path f = l.files().get(i);
          try {
            if (!Files.isRegularFile(f)) throw new NoSuchFileException(f.toString(), null, "not a regular file");
            if (!Files.isReadable(f)) throw new IOException("not readable");
            sizes[i] = Files.size(f);
          } catch (IOException e) {
            throw new JobFailedException("MapReduceJob: cannot read input file " + f + ": " + e, e);
          }
          total += sizes[i];
        }
        totalBytes = total;
        long size = config.splitSize() > 0
            ? config.splitSize()
            : Math.clamp(total / (workers * 8L), 64 * 1024, 64 << 20);
        for (int i = 0; i < sizes.length; i++) {
          for (long s = 0; s < sizes[i]; s += size) {
            out.add(new Split.FileRange(l.files().get(i), s, Math.min(sizes[i], s + size)));
          }
        }
      }
      case Input.Items<?> it -> {
        int n = it.items().size();
        int size = (int) (config.splitSize() > 0
            ? Math.min(config.splitSize(), Integer.MAX_VALUE)
            : Math.max(256, n / (workers * 8)));
        for (int s = 0; s < n; s += size) out.add(new Split.ItemRange(s, Math.min(n, s + size)));
      }
      case Input.FromChannel<?> c -> {
        for (int w = 0; w < workers; w++) out.add(new Split.Received());
      }
    }
    return out;
  }

  // ---- containers ----

  private long share() {
    return Math.max(1, config.memoryBudget() / workers);
  }

  /** The keys to presize a table for: a presized table's empty slots are not in the estimate, so
   * they are kept a small part of a worker's share of the budget. */
  private int presize(int expected) {
    return (int) Math.min(expected, Math.max(16, share() / 128));
  }

  /** The stores, one per worker: filled with the shared store, else left for {@link #ownStore}. */
  private Store[] sharedStores(Container container, int expected) {
    Store[] stores = new Store[workers];
    if (container instanceof Container.Shared) {
      Store shared = new Store.Shared(partitions, partitioner, agg, longCombiner, expected, config.memoryBudget());
      for (int w = 0; w < workers; w++) stores[w] = shared;
    }
    return stores;
  }

  /** A worker's own store. */
  private Store ownStore(Container container, int expected) {
    return switch (container) {
      case Container.Hash h -> textMapper != null
          ? new Store.Text(longCombiner, expected, share(), this::spill)
          : new Store.Hash(longShape, agg, longCombiner, expected, share(), this::spill);
      case Container.Dense d -> new Store.Dense(longShape, agg, longCombiner, d.size());
      case Container.Shared s -> throw new IllegalStateException("JobRun: the shared store is made up front");
      case Container.Auto a -> throw new IllegalStateException("JobRun: auto container not resolved");
    };
  }

  private Container sample(List<Split> splits, long[] expectedKeys) {
    expectedKeys[0] = 1024;
    if (job.input() instanceof Input.FromChannel<?> || splits.isEmpty()) return Container.hash();
    Sampler s = new Sampler();
    int picks = Math.min(4, splits.size());
    long sampleBytes = 0;
    for (int i = 0; i < picks && !ctx.isDone(); i++) {
      Split split = splits.get((int) ((long) i * splits.size() / picks));
      switch (split) {
        case Split.FileRange f -> {
          long end = Math.min(f.end(), f.start() + 64 * 1024);
          try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
            long before = s.bytes;
            new LineReader(16 * 1024, config.maxRecordLength()).read(ch, f.start(), end, s);
            sampleBytes += s.bytes - before;
          } catch (Stopped e) {
            if (s.records < 500) throw e; // stopped by cancellation, not by a full sample
          } catch (Exception e) {
            // the run itself reports unreadable input
          }
        }
        case Split.ItemRange r -> {
          List<?> items = ((Input.Items<?>) job.input()).items();
          for (int j = r.from(); j < Math.min(r.to(), r.from() + 500); j++) s.offer(items.get(j));
        }
        case Split.Received r -> {}
      }
    }
    double recordsTotal = job.input() instanceof Input.Items<?> it
        ? it.items().size()
        : (double) totalBytes * s.records / Math.max(1, sampleBytes);
    ContainerChoice c =
        ContainerChoice.choose(s.records, s.emits, s.keys.size(), s.keyBytes, recordsTotal, workers, config.memoryBudget());
    expectedKeys[0] = c.expectedKeys();
    return c.container();
  }

  /** Maps sample records into counts; never fails. */
  private final class Sampler implements LineReader.Sink, Emitter<Object, Object>, LongEmitter<Object> {
    final java.util.HashSet<Object> keys = new java.util.HashSet<>();
    long keyBytes;
    long records;
    long emits;
    long bytes;

    void offer(Object record) {
      if (records >= 500) return;
      records++;
      try {
        if (longShape) longMapper.map(record, this);
        else mapper.map(record, this);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // the run itself reports failing records
      }
      checkStop();
    }

    @Override
    public void line(String line, long offset) {
      offer(line);
      if (records >= 500) throw new Stopped();
    }

    @Override
    public void malformed(String reason, String prefix, long offset) {}

    @Override
    public void read(int n) {
      bytes += n;
    }

    @Override
    public void emit(Object key, Object value) {
      count(key);
    }

    @Override
    public void emit(Object key, long value) {
      count(key);
    }

    private void count(Object key) {
      emits++;
      if (key != null && keys.size() < 100_000 && keys.add(key)) keyBytes += Sizes.of(key);
    }
  }

  // ---- mapping ----

  /** One worker's emitter and counters. */
  private final class Worker
      implements Emitter<Object, Object>, LongEmitter<Object>, TextEmitter, LineReader.Sink {
    final Store store;
    final Store.Text textStore; // the text path, else null
    final Text text = new Text();
    Split split;
    long records;
    long emits;
    LineReader reader;

    Worker(Store store) {
      this.store = store;
      this.textStore = store instanceof Store.Text t ? t : null;
    }

    @Override
    public void emit(Text line, int from, int to, long value) {
      Objects.checkFromToIndex(from, to, line.length);
      byte[] b = line.bytes;
      int f = line.offset + from;
      int t = line.offset + to;
      if (line.ascii || Texts.isAscii(b, f, t)) {
        textStore.stage(b, f, t, Hashing.spread(Texts.asciiHash(b, f, t)), value);
      } else {
        textStore.addLong(line.substring(from, to), value); // decoded, so a cut sequence is U+FFFD
      }
      emits++;
    }

    @Override
    public void emit(String key, long value) {
      Texts.requireWellFormed(key);
      textStore.addLong(key, value);
      emits++;
    }

    @Override
    public boolean wantsBytes() {
      return textStore != null;
    }

    @Override
    public void lineBytes(byte[] bytes, int from, int length, boolean ascii, long offset)
        throws JobFailedException {
      text.set(bytes, from, length, ascii);
      mapRecord(this, text, offset);
    }

    @Override
    public void release() {
      if (textStore != null) textStore.flush(); // the staged keys point into the reader's bytes
    }

    @Override
    public void emit(Object key, Object value) {
      Objects.requireNonNull(key, "Emitter: key is null");
      Objects.requireNonNull(value, "Emitter: value is null");
      store.add(key, value);
      emits++;
    }

    @Override
    public void emit(Object key, long value) {
      Objects.requireNonNull(key, "Emitter: key is null");
      store.addLong(key, value);
      emits++;
    }

    @Override
    public void line(String line, long offset) throws JobFailedException {
      mapRecord(this, line, offset);
    }

    @Override
    public void malformed(String reason, String prefix, long offset) throws JobFailedException {
      records++;
      onMalformed(split, offset, reason, prefix);
    }

    @Override
    public void read(int n) {
      bytesRead.add(n);
      checkStop();
    }

    void flush() {
      JobRun.this.records.add(records);
      emitted.add(emits);
      records = 0;
      emits = 0;
    }
  }

  private void mapWorker(int w, SplitQueues queues, Store store, int[][][] slots) throws JobFailedException {
    Worker worker = new Worker(store);
    try {
      Split split;
      while ((split = queues.next(w)) != null) {
        checkStop();
        worker.split = split;
        switch (split) {
          case Split.FileRange f -> mapFile(worker, f);
          case Split.ItemRange r -> {
            List<?> items = ((Input.Items<?>) job.input()).items();
            for (int i = r.from(); i < r.to(); i++) mapRecord(worker, items.get(i), i);
          }
          case Split.Received r -> mapChannel(worker);
        }
        worker.flush();
      }
    } finally {
      worker.flush();
    }
    Entries table = store.entries();
    if (table != null) slots[w] = Runs.sortedSlots(table, partitioner, partitions);
  }

  private void mapFile(Worker worker, Split.FileRange f) throws JobFailedException {
    if (worker.reader == null) worker.reader = new LineReader(64 * 1024, config.maxRecordLength());
    try (FileChannel ch = FileChannel.open(f.file(), StandardOpenOption.READ)) {
      worker.reader.read(ch, f.start(), f.end(), worker);
      worker.release();
    } catch (JobFailedException | Stopped | Store.Failure e) {
      throw e;
    } catch (IOException e) {
      checkStop(); // a read interrupted by cancellation
      throw new JobFailedException(
          "MapReduceJob: cannot read input file " + f.file() + " (split " + f.describe() + "): " + e, e);
    } catch (Exception e) {
      throw new JobFailedException("MapReduceJob: map failed in split " + f.describe() + ": " + e, e);
    }
  }

  private void mapChannel(Worker worker) throws JobFailedException {
    @SuppressWarnings("unchecked")
    Input.FromChannel<Object> in = (Input.FromChannel<Object>) job.input();
    long n = 0;
    while (true) {
      checkStop();
      ReceiveResult<Object> r;
      try {
        r = in.channel().receiveResult(ctx);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
      switch (r) {
        case ReceiveResult.Value<Object> v -> {
          mapRecord(worker, v.value(), n++);
          worker.flush(); // a channel's records trickle in: show each one in the progress
        }
        case ReceiveResult.Closed<Object> c -> {
          return;
        }
        default -> throw new Stopped();
      }
    }
  }

  private void mapRecord(Worker worker, Object record, long position) throws JobFailedException {
    worker.records++;
    try {
      if (record instanceof Text t) textMapper.map(t, worker);
      else if (longShape) longMapper.map(record, worker);
      else mapper.map(record, worker);
    } catch (MalformedRecordException e) {
      onMalformed(worker.split, position, e.getMessage(), String.valueOf(record));
    } catch (Store.Failure e) {
      throw new JobFailedException(e.getMessage() + " (split " + worker.split.describe() + ")", e.getCause() == null ? e : e.getCause());
    } catch (Stopped e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    } catch (Exception e) {
      checkStop(); // a failure caused by cancellation (an interrupted wait) is a stop
      throw new JobFailedException(
          "MapReduceJob: map failed in split " + worker.split.describe() + " at "
              + where(worker.split, position) + ": " + e, e);
    }
    if ((worker.records & (CHECK_EVERY - 1)) == 0) {
      worker.flush();
      checkStop();
    }
  }

  private static String where(Split split, long position) {
    return switch (split) {
      case Split.FileRange f -> "byte " + position;
      case Split.ItemRange r -> "index " + position;
      case Split.Received r -> "record #" + position;
    };
  }

  private void onMalformed(Split split, long position, String reason, String record) throws JobFailedException {
    String where = "split " + split.describe() + " at " + where(split, position);
    switch (config.malformedPolicy()) {
      case MalformedPolicy.Fail f ->
          throw new JobFailedException("MapReduceJob: malformed record in " + where + ": " + reason, null);
      case MalformedPolicy.Skip s -> malformed.increment();
      case MalformedPolicy.DeadLetter d -> {
        malformed.increment();
        String clean = record.replace('\n', ' ').replace('\r', ' ');
        lock.lock();
        try {
          deadLetter.write(where + "\t" + reason + "\t" + clean);
          deadLetter.newLine();
        } catch (IOException e) {
          throw new JobFailedException("MapReduceJob: cannot write dead-letter file " + d.file() + ": " + e, e);
        } finally {
          lock.unlock();
        }
      }
    }
  }

  private void openDeadLetter() throws JobFailedException {
    if (config.malformedPolicy() instanceof MalformedPolicy.DeadLetter d) {
      try {
        deadLetter = Files.newBufferedWriter(d.file(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new JobFailedException("MapReduceJob: cannot open dead-letter file " + d.file() + ": " + e, e);
      }
    }
  }

  // ---- spilling ----

  private void spill(Entries table) throws IOException, JobFailedException {
    checkStop();
    int[][] slots = Runs.sortedSlots(table, partitioner, partitions);
    SpillRun run = SpillRun.write(newRunFile(), table, slots, mode, job.keyCodec(), job.valueCodec());
    spills.add(run);
    spillRuns.incrementAndGet();
    spillBytes.add(run.bytes());
  }

  /** A new file for a run, in the run's own spill directory (made on first use). */
  private Path newRunFile() throws IOException {
    lock.lock();
    try {
      if (spillDir == null) spillDir = Files.createTempDirectory(config.spillDirectory(), "weft-mapreduce-");
      return spillDir.resolve("run-" + spillSeq.getAndIncrement() + ".bin");
    } finally {
      lock.unlock();
    }
  }

  private void cleanUp() {
    lock.lock();
    try {
      if (deadLetter != null) {
        try {
          deadLetter.close();
        } catch (IOException e) {
          addFailure(e);
        }
      }
      if (spillDir != null) {
        try (var files = Files.list(spillDir)) {
          for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
          Files.deleteIfExists(spillDir);
        } catch (IOException e) {
          addFailure(e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- merging ----

  private void mergePartition(int p, Container container, Store[] stores, int[][][] slots, Collector out)
      throws JobFailedException {
    switch (container) {
      case Container.Dense d -> mergeDense(p, d.size(), stores, out);
      case Container.Shared s -> {
        var map = ((Store.Shared) stores[0]).maps[p];
        long n = 0;
        for (Map.Entry<Object, Object> e : map.entrySet()) {
          if ((++n & (CHECK_EVERY - 1)) == 0) checkStop();
          if (longShape) reduce(e.getKey(), ((AtomicLong) e.getValue()).get(), null, out);
          else reduce(e.getKey(), 0, e.getValue(), out);
        }
      }
      default -> mergeRuns(p, stores, slots, out);
    }
  }

  private void mergeDense(int p, int size, Store[] stores, Collector out) throws JobFailedException {
    int from = (int) ((long) p * size / partitions);
    int to = (int) ((long) (p + 1) * size / partitions);
    for (int i = from; i < to; i++) {
      if (((i - from) & (CHECK_EVERY - 1)) == 0) checkStop();
      boolean any = false;
      long lv = 0;
      Object acc = null;
      for (Store s : stores) {
        Store.Dense d = (Store.Dense) s;
        if (longShape) {
          if (!d.seen[i]) continue;
          lv = any ? longCombiner.combine(lv, d.longValues[i]) : d.longValues[i];
          any = true;
        } else {
          Object v = d.values[i];
          if (v == null) continue;
          acc = acc == null ? v : agg.merge(acc, v);
          any = true;
        }
      }
      if (any) reduce(i, lv, acc, out);
    }
  }

  private void mergeRuns(int p, Store[] stores, int[][][] slots, Collector out) throws JobFailedException {
    List<Cursor> cursors = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        cursors.add(new Cursor.InMemory(stores[w].entries(), slots[w][p]));
      }
      for (SpillRun r : spills) cursors.add(r.cursor(p, mode, job.keyCodec(), job.valueCodec()));
      mergeCursors(cursors, (hash, key, lv, acc) -> reduce(key, lv, acc, out));
    } catch (IOException e) {
      throw new JobFailedException("MapReduceJob: cannot read a spill run of partition " + p + ": " + e, e);
    } finally {
      closeAll(cursors);
    }
  }

  private void closeAll(List<Cursor> cursors) {
    for (Cursor c : cursors) {
      try {
        c.close();
      } catch (IOException e) {
        addFailure(e);
      }
    }
  }

  /** Receives each distinct key of a merge with its combined value. */
  private interface GroupSink {
    void group(int hash, Object key, long longValue, Object acc) throws IOException, JobFailedException;
  }

  /**
   * Merges {@code cursors} by hash: groups the entries of equal hash by {@code equals}, combines
   * each key's values, and hands every key to {@code sink} once, in ascending hash order.
   */
  private void mergeCursors(List<Cursor> cursors, GroupSink sink) throws IOException, JobFailedException {
    PriorityQueue<Cursor> heap = new PriorityQueue<>(Comparator.comparingInt((Cursor c) -> c.hash));
    for (Cursor c : cursors) if (c.next()) heap.add(c);
    List<Object> groupKeys = new ArrayList<>();
    List<Object> groupValues = new ArrayList<>();
    long[] groupLongs = new long[4];
    long n = 0;
    while (!heap.isEmpty()) {
      int h = heap.peek().hash;
      groupKeys.clear();
      groupValues.clear();
      while (!heap.isEmpty() && heap.peek().hash == h) {
        Cursor c = heap.poll();
        int j = groupKeys.indexOf(c.key);
        if (j < 0) {
          j = groupKeys.size();
          groupKeys.add(c.key);
          if (longShape) {
            if (j == groupLongs.length) groupLongs = java.util.Arrays.copyOf(groupLongs, j * 2);
            groupLongs[j] = c.longValue;
          } else {
            groupValues.add(c.value);
          }
        } else if (longShape) {
          groupLongs[j] = longCombiner.combine(groupLongs[j], c.longValue);
        } else {
          groupValues.set(j, agg.merge(groupValues.get(j), c.value));
        }
        if (c.next()) heap.add(c);
      }
      for (int j = 0; j < groupKeys.size(); j++) {
        if ((++n & (CHECK_EVERY - 1)) == 0) checkStop();
        sink.group(h, groupKeys.get(j), longShape ? groupLongs[j] : 0, longShape ? null : groupValues.get(j));
      }
    }
  }

  /**
   * While there are more spill runs than the merge fan-in, merges them in groups of that many
   * into one run each, with every worker, so that the final merge opens at most that many runs
   * per partition. Deletes the runs it has merged.
   */
  private void compactSpills() throws JobFailedException {
    int fanIn = config.mergeFanIn();
    while (spills.size() > fanIn) {
      List<SpillRun> all = new ArrayList<>(spills);
      spills.clear();
      List<List<SpillRun>> groups = new ArrayList<>();
      for (int i = 0; i < all.size(); i += fanIn) groups.add(all.subList(i, Math.min(all.size(), i + fanIn)));
      AtomicInteger next = new AtomicInteger();
      runWorkers(Math.min(workers, groups.size()), w -> {
        int g;
        while ((g = next.getAndIncrement()) < groups.size()) {
          checkStop();
          List<SpillRun> group = groups.get(g);
          try {
            spills.add(group.size() == 1 ? group.getFirst() : mergeSpillRuns(group));
          } catch (IOException e) {
            checkStop(); // a read interrupted by cancellation
            throw new JobFailedException("MapReduceJob: merging " + group.size() + " spill runs failed: " + e, e);
          }
        }
      });
      throwIfStopped();
    }
  }

  /** Merges {@code runs} into one new run, partition by partition, and deletes them. */
  private SpillRun mergeSpillRuns(List<SpillRun> runs) throws IOException, JobFailedException {
    SpillRun merged;
    try (SpillRun.Writer writer =
        new SpillRun.Writer(newRunFile(), partitions, mode, job.keyCodec(), job.valueCodec())) {
      for (int p = 0; p < partitions; p++) {
        writer.startPartition();
        List<Cursor> cursors = new ArrayList<>();
        try {
          for (SpillRun r : runs) cursors.add(r.cursor(p, mode, job.keyCodec(), job.valueCodec()));
          mergeCursors(cursors, writer::write);
        } finally {
          closeAll(cursors);
        }
      }
      merged = writer.finish();
    }
    mergedRuns.incrementAndGet();
    for (SpillRun r : runs) Files.deleteIfExists(r.file);
    return merged;
  }

  private void reduce(Object key, long lv, Object acc, Collector out) throws JobFailedException {
    Object o;
    try {
      o = longShape ? longReducer.reduce(key, lv) : reducer.reduce(key, agg.values(acc));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    } catch (Stopped e) {
      throw e;
    } catch (Exception e) {
      checkStop();
      throw new JobFailedException("MapReduceJob: reduce failed for key '" + key + "': " + e, e);
    }
    if (o == null) throw new JobFailedException("MapReduceJob: reduce returned null for key '" + key + "'", null);
    keys.increment();
    out.add(Map.entry(key, o));
  }

  // ---- output ----

  /**
   * Concatenates the partitions' sealed entries, or merges them in the output's order: with
   * every worker when they are many.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private List<Map.Entry<K, O>> finish(List<Collector> collectors) {
    List<List<Map.Entry<Object, Object>>> parts = new ArrayList<>();
    int total = 0;
    for (Collector c : collectors) {
      parts.add(c.entries());
      total += c.entries().size();
    }
    List<Map.Entry<Object, Object>> all = switch (job.output()) {
      case Output.Unordered<K, O> u -> {
        List<Map.Entry<Object, Object>> l = new ArrayList<>(total);
        for (List<Map.Entry<Object, Object>> p : parts) l.addAll(p);
        yield l;
      }
      case Output.Sorted<K, O> s -> {
        SortedMerge<Map.Entry<Object, Object>> m =
            new SortedMerge<>(parts, (Comparator) s.order(), total >= PARALLEL_MERGE ? workers : 1);
        if (m.ranges() == 1) m.merge(0);
        else runWorkers(m.ranges(), m::merge);
        yield m.result(total);
      }
      case Output.TopK<K, O> t -> {
        SortedMerge<Map.Entry<Object, Object>> m = new SortedMerge<>(parts, (Comparator) t.order(), 1);
        m.merge(0);
        yield m.result(t.k());
      }
    };
    return (List<Map.Entry<K, O>>) (List) all;
  }

  /** From this many entries, {@link #finish} merges sorted partitions with every worker. */
  private static final int PARALLEL_MERGE = 1 << 14;

  // ---- workers and stopping ----

  /** A worker's body. */
  private interface Body {
    void run(int worker) throws Exception;
  }

  private void runWorkers(int n, Body body) {
    Thread[] ts = new Thread[n];
    for (int w = 0; w < n; w++) {
      int id = w;
      ts[w] = threads.newThread(() -> {
        try {
          body.run(id);
        } catch (Stopped e) {
          // the run is stopping; whoever stopped it reports why
        } catch (Throwable t) {
          addFailure(t);
        }
      });
      ts[w].start();
    }
    // Cancellation also interrupts the workers, so that a map or reduce function blocked in I/O
    // or on a lock stops promptly; the interrupt is reported as a stop, not as its failure.
    AfterFunc interrupter = Context.afterFunc(ctx, () -> {
      for (Thread t : ts) t.interrupt();
    });
    boolean interrupted = false;
    for (Thread t : ts) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          ctx.cancel();
        }
      }
    }
    interrupter.stop();
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void addFailure(Throwable t) {
    if (!failure.compareAndSet(null, t)) {
      Throwable first = failure.get();
      if (first != t) first.addSuppressed(t);
    } else {
      ctx.cancel(t);
    }
  }

  void checkStop() {
    if (ctx.isDone() || Thread.currentThread().isInterrupted()) throw new Stopped();
  }

  private void throwIfStopped() throws JobFailedException {
    Throwable f = failure.get();
    if (f instanceof JobFailedException e) throw e;
    if (f != null) throw new JobFailedException("MapReduceJob: " + f, f);
    if (parent.isDone()) parent.throwIfDone();
    if (ctx.isDone() || Thread.currentThread().isInterrupted()) {
      throw new CancellationException("MapReduceJob: cancelled");
    }
  }
}
