package dev.weft.mapreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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

  @SuppressWarnings("unchecked")
  static SpillRun write(Path file, Entries table, int[][] slots, Mode mode, Codec<?> keys, Codec<?> values)
      throws IOException {
    Codec<Object> kc = (Codec<Object>) keys;
    Codec<Object> vc = (Codec<Object>) values;
    long[] offsets = new long[slots.length + 1];
    int[] counts = new int[slots.length];
    try (CountingStream cs = new CountingStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(cs, 1 << 16))) {
      for (int p = 0; p < slots.length; p++) {
        out.flush();
        offsets[p] = cs.count;
        counts[p] = slots[p].length;
        for (int s : slots[p]) {
          out.writeInt(table.hash(s));
          kc.write(table.key(s), out);
          switch (mode) {
            case LONG -> out.writeLong(table.longValue(s));
            case COMBINED -> vc.write(table.value(s), out);
            case BUFFERED -> {
              List<Object> l = (List<Object>) table.value(s);
              out.writeInt(l.size());
              for (Object v : l) vc.write(v, out);
            }
          }
        }
      }
      out.flush();
      offsets[slots.length] = cs.count;
    }
    return new SpillRun(file, offsets, counts);
  }

  Cursor cursor(int partition, Mode mode, Codec<?> keys, Codec<?> values) throws IOException {
    return new OnDisk(this, partition, mode, keys, values);
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private static final class OnDisk extends Cursor {
    private final FileChannel ch;
    private final DataInputStream in;
    private final Mode mode;
    private final Codec<Object> kc;
    private final Codec<Object> vc;
    private int left;

    @SuppressWarnings("unchecked")
    OnDisk(SpillRun run, int partition, Mode mode, Codec<?> keys, Codec<?> values) throws IOException {
      this.mode = mode;
      this.kc = (Codec<Object>) keys;
      this.vc = (Codec<Object>) values;
      this.left = run.counts[partition];
      this.ch = FileChannel.open(run.file, StandardOpenOption.READ);
      ch.position(run.offsets[partition]);
      InputStream raw = Channels.newInputStream(ch);
      this.in = new DataInputStream(new BufferedInputStream(raw, 16 * 1024)); // one per run per merging worker
    }

    @Override
    boolean next() throws IOException {
      if (left == 0) return false;
      left--;
      hash = in.readInt();
      key = kc.read(in);
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
      in.close();
    }
  }
}
