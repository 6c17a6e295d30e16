package dev.weft.mapreduce;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * One sorted run on disk: a worker's table at the moment it went over its share of the budget,
 * written partition after partition, each partition in ascending spread-hash order. The offsets
 * of the partitions stay in memory.
 *
 * <p>Record format: the spread hash ({@code int}), the key (key codec), then the value: a {@code
 * long}; or one value (value codec) for a combined job; or a count and that many values for a
 * buffered one.
 */
final class SpillRun {
  final Path file;
  final long[] offsets; // partition i is [offsets[i], offsets[i + 1])
  final int[] counts;

  private SpillRun(Path file, long[] offsets, int[] counts) {
    this.file = file;
    this.offsets = offsets;
    this.counts = counts;
  }

  long bytes() {
    return offsets[offsets.length - 1];
  }

  /** How the values of a run are written. */
  enum Mode {
    LONG,
    COMBINED,
    BUFFERED
  }

  static SpillRun write(Path file, Entries table, int[][] slots, Mode mode, Codec<?> keys, Codec<?> values)
      throws IOException {
    // a text table writes its keys' bytes as the automatic codec would, without making strings
    TextTable text = table instanceof TextTable t && keys == AutoCodec.INSTANCE ? t : null;
    try (Writer w = new Writer(file, slots.length, mode, keys, values)) {
      for (int[] partition : slots) {
        w.startPartition();
        for (int s : partition) {
          if (text != null) w.writeText(text, s);
          else if (table.longs()) w.write(table.hash(s), table.key(s), table.longValue(s), null);
          else w.write(table.hash(s), table.key(s), 0, table.value(s));
        }
      }
      return w.finish();
    }
  }


  /**
   * Writes a run entry by entry, partition after partition, each partition in ascending hash
   * order: a worker's table when it spills, or runs merged into fewer.
   */
  static final class Writer implements AutoCloseable {
    private final Path file;
    private final RunOutput out;
    private final Mode mode;
    private final Codec<Object> kc;
    private final Codec<Object> vc;
    private final long[] offsets;
    private final int[] counts;
    private int partition = -1;

    @SuppressWarnings("unchecked")
    Writer(Path file, int partitions, Mode mode, Codec<?> keys, Codec<?> values) throws IOException {
      this.file = file;
      this.out = new RunOutput(FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
      this.mode = mode;
      this.kc = (Codec<Object>) keys;
      this.vc = (Codec<Object>) values;
      this.offsets = new long[partitions + 1];
      this.counts = new int[partitions];
    }

    /** Starts the next partition; partitions come in order, none skipped. */
    void startPartition() {
      partition++;
      offsets[partition] = out.position();
    }

    @SuppressWarnings("unchecked")
    void write(int hash, Object key, long longValue, Object value) throws IOException {
      out.writeInt(hash);
      kc.write(key, out);
      switch (mode) {
        case LONG -> out.writeLong(longValue);
        case COMBINED -> vc.write(value, out);
        case BUFFERED -> {
          List<Object> l = (List<Object>) value;
          out.writeInt(l.size());
          for (Object v : l) vc.write(v, out);
        }
      }
      counts[partition]++;
    }

    /** Writes the entry of {@code slot} of a text table, its key straight from the arena. */
    void writeText(TextTable table, int slot) throws IOException {
      out.writeInt(table.hash(slot));
      table.writeAutoKey(slot, out);
      out.writeLong(table.longValue(slot));
      counts[partition]++;
    }

    /** The run written, once every partition is. */
    SpillRun finish() throws IOException {
      if (partition != counts.length - 1) {
        throw new IllegalStateException("SpillRun: " + (partition + 1) + " of " + counts.length + " partitions written");
      }
      out.close();
      offsets[counts.length] = out.position();
      return new SpillRun(file, offsets, counts);
    }

    @Override
    public void close() throws IOException {
      out.close(); // idempotent: a second flush writes nothing, closing a closed channel is a no-op
    }
  }

  Cursor cursor(int partition, Mode mode, Codec<?> keys, Codec<?> values) throws IOException {
    return new OnDisk(this, partition, mode, keys, values);
  }

  private static final class OnDisk extends Cursor {
    private final FileChannel ch;
    private final RunInput in;
    private final Mode mode;
    private final Codec<Object> kc;
    private final Codec<Object> vc;
    private int left;
    private final byte[] scratch = new byte[AutoCodec.SCRATCH]; // for the automatic codec's strings

    @SuppressWarnings("unchecked")
    OnDisk(SpillRun run, int partition, Mode mode, Codec<?> keys, Codec<?> values) throws IOException {
      this.mode = mode;
      this.kc = (Codec<Object>) keys;
      this.vc = (Codec<Object>) values;
      this.left = run.counts[partition];
      this.ch = FileChannel.open(run.file, StandardOpenOption.READ);
      // one per run per merging worker
      this.in = new RunInput(ch, run.offsets[partition], run.offsets[partition + 1], 16 * 1024);
    }

    @Override
    boolean next() throws IOException {
      if (left == 0) return false;
      left--;
      hash = in.readInt();
      key = kc == AutoCodec.INSTANCE ? AutoCodec.INSTANCE.read(in, scratch) : kc.read(in);
      switch (mode) {
        case LONG -> longValue = in.readLong();
        case COMBINED -> value = vc.read(in);
        case BUFFERED -> {
          int n = in.readInt();
          java.util.ArrayList<Object> l = new java.util.ArrayList<>(n);
          for (int i = 0; i < n; i++) l.add(vc.read(in));
          value = l;
        }
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      ch.close();
    }
  }
}
