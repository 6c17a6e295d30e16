package dev.weft.examples.cli;

import dev.weft.mapreduce.Container;
import dev.weft.mapreduce.Input;
import dev.weft.mapreduce.JobConfig;
import dev.weft.mapreduce.JobResult;
import dev.weft.mapreduce.Jobs;
import dev.weft.mapreduce.MapReduceJob;
import dev.weft.mapreduce.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The jobs {@code weft mapreduce} runs over files, and how their output is shown: rows of a count
 * and a key, at most {@code top} of them.
 *
 * @param <K> the job's key type
 * @param <O> the job's output value type
 * @param job the job
 * @param container the container the local engine should use, or null for the configured one
 * @param countHeader the heading of the count column
 * @param keyHeader the heading of the key column
 * @param rows the rows to show, from the job's entries, most interesting first
 */
record MapReduceWorkload<K, O>(
    MapReduceJob<?, K, ?, O> job,
    Container container,
    String countHeader,
    String keyHeader,
    Function<List<Map.Entry<K, O>>, List<Row>> rows) {

  /** Word lengths from 1 to this; longer words are counted in the last bucket. */
  static final int LONGEST = 20;

  /** The names accepted on the command line, in the order of the help. */
  static final List<String> NAMES = List.of("wordcount", "grep", "histogram", "index");

  /** One row of the output. */
  record Row(String count, String key) {}

  /** Configures {@code config} for this workload. */
  JobConfig configure(JobConfig config) {
    return container == null ? config : config.withContainer(container);
  }

  /** The rows to show of {@code result}. */
  List<Row> rowsOf(JobResult<K, O> result) {
    return rows.apply(result.entries());
  }

  /** The {@code top} most frequent words, most frequent first. */
  static MapReduceWorkload<String, Long> wordCount(List<Path> files, int top) {
    return new MapReduceWorkload<>(
        Jobs.topK(Input.lines(files), top), null, "count", "word", e -> counts(e, e.size()));
  }

  /** The lines containing {@code literal}, the most frequent first. */
  static MapReduceWorkload<String, Long> grep(List<Path> files, String literal, int top) {
    return new MapReduceWorkload<>(
        Jobs.grep(Input.lines(files), literal), null, "count", "line", e -> {
          List<Map.Entry<String, Long>> byCount = new ArrayList<>(e);
          byCount.sort(Map.Entry.<String, Long>comparingByValue().reversed());
          return counts(byCount, top);
        });
  }

  /** How many words have each length, by length. */
  static MapReduceWorkload<Integer, Long> histogram(List<Path> files, int top) {
    MapReduceJob<String, Integer, Long, Long> job =
        MapReduceJob.builder(Input.lines(files))
            .<Integer>mapToLong((line, out) -> {
              int n = line.length();
              int i = 0;
              while (i < n) { // words as Jobs sees them: runs of non-whitespace
                while (i < n && Character.isWhitespace(line.charAt(i))) i++;
                int start = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
                if (i > start) out.emit(Math.min(LONGEST, line.codePointCount(start, i)));
              }
            })
            .sum()
            .output(Output.<Integer, Long>sortedByKey())
            .build();
    return new MapReduceWorkload<>(job, Container.dense(LONGEST + 1), "words", "length", e -> {
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<Integer, Long> x : e.subList(0, Math.min(top, e.size()))) {
        String length = x.getKey() == LONGEST ? LONGEST + " or more" : String.valueOf(x.getKey());
        rows.add(new Row(String.valueOf(x.getValue()), length));
      }
      return rows;
    });
  }

  /**
   * For each word, the files that contain it; the words in most files first. Each file is one
   * document, read whole before the job starts.
   *
   * @throws IOException if a file cannot be read
   */
  static MapReduceWorkload<String, List<String>> index(List<Path> files, int top) throws IOException {
    List<Map.Entry<String, String>> documents = new ArrayList<>();
    for (Path f : files) {
      // SimpleImmutableEntry is Serializable: the documents travel to a cluster inside the job
      documents.add(new AbstractMap.SimpleImmutableEntry<>(f.toString(), Files.readString(f, StandardCharsets.UTF_8)));
    }
    return new MapReduceWorkload<>(
        Jobs.invertedIndex(Input.of(documents)), null, "files", "word: files", e -> {
          List<Map.Entry<String, List<String>>> byFiles = new ArrayList<>(e);
          byFiles.sort(Comparator.comparingInt((Map.Entry<String, List<String>> x) -> x.getValue().size()).reversed());
          List<Row> rows = new ArrayList<>();
          for (Map.Entry<String, List<String>> x : byFiles.subList(0, Math.min(top, byFiles.size()))) {
            rows.add(new Row(String.valueOf(x.getValue().size()), x.getKey() + ": " + String.join(", ", x.getValue())));
          }
          return rows;
        });
  }

  private static List<Row> counts(List<Map.Entry<String, Long>> entries, int top) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, Long> e : entries.subList(0, Math.min(top, entries.size()))) {
      rows.add(new Row(String.valueOf(e.getValue()), e.getKey()));
    }
    return rows;
  }
}
