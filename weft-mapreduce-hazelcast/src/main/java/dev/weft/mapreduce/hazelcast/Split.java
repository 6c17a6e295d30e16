package dev.weft.mapreduce.hazelcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A part of a job's input that one source processor maps: a byte range of a file or an index range
 * of a collection. Every processor cuts the input the same way and takes the splits whose number,
 * modulo the number of processors, is its own global index.
 */
sealed interface Split {

  /**
   * The split as failure messages name it.
   *
   * @return {@code file[start..end)} or {@code items[from..to)}
   */
  String describe();

  /**
   * A byte range of a file.
   *
   * @param file the file's path, as the members see it
   * @param start the first byte
   * @param end the byte after the last
   */
  record FileRange(String file, long start, long end) implements Split {
    @Override
    public String describe() {
      return file + "[" + start + ".." + end + ")";
    }
  }

  /**
   * An index range of a collection.
   *
   * @param from the first index
   * @param to the index after the last
   */
  record ItemRange(int from, int to) implements Split {
    @Override
    public String describe() {
      return "items[" + from + ".." + to + ")";
    }
  }

  /** The smallest automatic split of a file: smaller ones cost more to open than to read. */
  long MIN_FILE_SPLIT = 64 * 1024;

  /**
   * Cuts files into byte ranges of {@code splitSize} bytes, or, when it is 0, into about four
   * ranges per processor.
   */
  static List<Split> ofFiles(List<String> files, long splitSize, int processors) throws IOException {
    long[] sizes = new long[files.size()];
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(Path.of(files.get(i)));
      total += sizes[i];
    }
    long size = splitSize > 0 ? splitSize : Math.max(MIN_FILE_SPLIT, ceilDiv(total, 4L * processors));
    List<Split> out = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      for (long s = 0; s < sizes[i]; s += size) {
        out.add(new FileRange(files.get(i), s, Math.min(sizes[i], s + size)));
      }
    }
    return out;
  }

  /**
   * Cuts {@code count} items into ranges of {@code splitSize}, or, when it is 0, into about four
   * ranges per processor.
   */
  static List<Split> ofItems(int count, long splitSize, int processors) {
    long size = splitSize > 0 ? splitSize : Math.max(1, ceilDiv(count, 4L * processors));
    List<Split> out = new ArrayList<>();
    for (long s = 0; s < count; s += size) out.add(new ItemRange((int) s, (int) Math.min(count, s + size)));
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
