package dev.weft.mapreduce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The classic map-reduce workloads as ready-made jobs: word count, top-k words, inverted index,
 * histogram and grep. Each is also an example of one path through the engine.
 *
 * <p>Words, everywhere here, are maximal runs of characters that are not {@linkplain
 * Character#isWhitespace(char) whitespace}, compared exactly (no case folding).
 */
public final class Jobs {
  private Jobs() {}

  /** The order of a word count's entries: by count, descending, then by word. */
  private static final Comparator<Map.Entry<String, Long>> BY_COUNT =
      Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

  /**
   * How often each word occurs: the text path ({@link TextMapper}), which splits each line's
   * bytes and counts words without making a string per word, combined on every emit. Output
   * sorted by word.
   *
   * @param lines the text
   * @return the job
   * @throws NullPointerException if {@code lines} is null
   */
  public static MapReduceJob<String, String, Long, Long> wordCount(Input<String> lines) {
    return MapReduceJob.builder(lines)
        .mapTextToLong(Jobs::emitWords)
        .sum()
        .output(Output.<String, Long>sortedByKey())
        .build();
  }

  /**
   * The {@code k} most frequent words, most frequent first (ties by word). Each partition keeps
   * only its own top {@code k}.
   *
   * @param lines the text
   * @param k how many words, positive
   * @return the job
   * @throws IllegalArgumentException if {@code k} is not positive
   * @throws NullPointerException if {@code lines} is null
   */
  public static MapReduceJob<String, String, Long, Long> topK(Input<String> lines, int k) {
    return MapReduceJob.builder(lines)
        .mapTextToLong(Jobs::emitWords)
        .sum()
        .output(Output.topK(k, BY_COUNT))
        .build();
  }

  /**
   * For each word, the sorted, distinct ids of the documents that contain it. Documents are
   * entries {@code (id, text)}. There is no combiner: the engine keeps every {@code (word, id)}
   * pair (spilling them over the budget) and the reducer sorts and de-duplicates. Output sorted by
   * word.
   *
   * @param documents the documents, as {@code (id, text)}
   * @return the job
   * @throws NullPointerException if {@code documents} is null
   */
  public static MapReduceJob<Map.Entry<String, String>, String, String, List<String>> invertedIndex(
      Input<Map.Entry<String, String>> documents) {
    return MapReduceJob.builder(documents)
        .<String, String>map((doc, out) -> forEachWord(doc.getValue(), w -> out.emit(w, doc.getKey())))
        .reduce((String word, List<String> ids) -> {
          List<String> sorted = new ArrayList<>(ids);
          sorted.sort(null);
          List<String> distinct = new ArrayList<>(sorted.size());
          for (String id : sorted) {
            if (distinct.isEmpty() || !distinct.getLast().equals(id)) distinct.add(id);
          }
          return List.copyOf(distinct);
        })
        .output(Output.<String, List<String>>sortedByKey())
        .build();
  }

  /**
   * How many values fall in each of {@code buckets} equal-width buckets over {@code [min, max]}:
   * the key is the bucket index, so run it with {@link Container#dense(int) dense(buckets)}. A
   * value outside {@code [min, max]} is a malformed record (see {@link MalformedPolicy}). Output
   * sorted by bucket.
   *
   * @param values the values
   * @param min the least value, inclusive
   * @param max the greatest value, inclusive, at least {@code min}
   * @param buckets the number of buckets, positive
   * @return the job
   * @throws IllegalArgumentException if {@code max < min} or {@code buckets} is not positive
   * @throws NullPointerException if {@code values} is null
   */
  public static MapReduceJob<Long, Integer, Long, Long> histogram(
      Input<Long> values, long min, long max, int buckets) {
    if (max < min) throw new IllegalArgumentException("Jobs: max < min: " + max + " < " + min);
    if (buckets <= 0) throw new IllegalArgumentException("Jobs: buckets must be positive: " + buckets);
    double width = ((double) max - min + 1) / buckets;
    return MapReduceJob.builder(values)
        .<Integer>mapToLong((v, out) -> {
          if (v < min || v > max) {
            throw new MalformedRecordException("value " + v + " outside [" + min + ", " + max + "]");
          }
          out.emit(Math.min(buckets - 1, (int) ((v - min) / width)));
        })
        .sum()
        .output(Output.<Integer, Long>sortedByKey())
        .build();
  }

  /**
   * The lines that contain {@code literal}, each with the number of times it occurs in the input.
   * Output sorted by line.
   *
   * @param lines the text
   * @param literal the text to look for, not empty
   * @return the job
   * @throws IllegalArgumentException if {@code literal} is empty
   * @throws NullPointerException if an argument is null
   */
  public static MapReduceJob<String, String, Long, Long> grep(Input<String> lines, String literal) {
    Objects.requireNonNull(literal, "Jobs: literal is null");
    if (literal.isEmpty()) throw new IllegalArgumentException("Jobs: empty literal");
    return MapReduceJob.builder(lines)
        .<String>mapToLong((line, out) -> {
          if (line.contains(literal)) out.emit(line);
        })
        .sum()
        .output(Output.<String, Long>sortedByKey())
        .build();
  }

  /** Emits each word of {@code line}: on the bytes for an ASCII line, else on its decoded text. */
  private static void emitWords(Text line, TextEmitter out) {
    if (!line.isAscii()) {
      forEachWord(line.toString(), out::emit);
      return;
    }
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && isAsciiSpace(line.byteAt(i))) i++;
      int start = i;
      while (i < n && !isAsciiSpace(line.byteAt(i))) i++;
      if (i > start) out.emit(line, start, i);
    }
  }

  /** The ASCII characters for which {@link Character#isWhitespace(char)} holds, as bits. */
  private static final long ASCII_SPACES = 1L << ' ' | 0x3EL << 8 | 0xFL << 0x1C;

  /** {@link Character#isWhitespace(char)} of an ASCII character: tab to carriage return, the four separators, space. */
  private static boolean isAsciiSpace(byte b) {
    return (b & 0xff) <= ' ' && (ASCII_SPACES >>> b & 1) != 0;
  }

  private interface WordSink {
    void word(String w);
  }

  private static void forEachWord(String line, WordSink sink) {
    int n = line.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(line.charAt(i))) i++;
      int start = i;
      while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
      if (i > start) sink.word(line.substring(start, i));
    }
  }
}
