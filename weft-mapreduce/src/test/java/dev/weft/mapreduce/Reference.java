package dev.weft.mapreduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.StringTokenizer;

/** Sequential reference implementations of the workloads, written independently of the engine. */
final class Reference {
  private Reference() {}

  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringTokenizer t = new StringTokenizer(line, " \t\n\r\f\u000B");
    while (t.hasMoreTokens()) out.add(t.nextToken());
    return out;
  }

  static Map<String, Long> wordCount(List<String> lines) {
    TreeMap<String, Long> m = new TreeMap<>();
    for (String l : lines) for (String w : words(l)) m.merge(w, 1L, Long::sum);
    return m;
  }

  static Map<String, Long> wordCount(Path file) throws IOException {
    return wordCount(Files.readAllLines(file));
  }

  static List<Map.Entry<String, Long>> topK(Map<String, Long> counts, int k) {
    List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
    all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : all.subList(0, Math.min(k, all.size()))) out.add(Map.entry(e.getKey(), e.getValue()));
    return out;
  }

  static Map<String, List<String>> invertedIndex(List<Map.Entry<String, String>> docs) {
    TreeMap<String, TreeSet<String>> m = new TreeMap<>();
    for (Map.Entry<String, String> d : docs) {
      for (String w : words(d.getValue())) m.computeIfAbsent(w, x -> new TreeSet<>()).add(d.getKey());
    }
    TreeMap<String, List<String>> out = new TreeMap<>();
    m.forEach((w, ids) -> out.put(w, List.copyOf(ids)));
    return out;
  }

  static Map<Integer, Long> histogram(List<Long> values, long min, long max, int buckets) {
    TreeMap<Integer, Long> m = new TreeMap<>();
    double width = ((double) max - min + 1) / buckets;
    for (long v : values) m.merge(Math.min(buckets - 1, (int) ((v - min) / width)), 1L, Long::sum);
    return m;
  }

  static Map<String, Long> grep(List<String> lines, String literal) {
    TreeMap<String, Long> m = new TreeMap<>();
    for (String l : lines) if (l.contains(literal)) m.merge(l, 1L, Long::sum);
    return m;
  }
}
