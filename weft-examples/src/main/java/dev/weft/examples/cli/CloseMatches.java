package dev.weft.examples.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Names close to a mistyped one: by edit distance, or sharing a prefix or a substring. */
final class CloseMatches {

  private CloseMatches() {}

  /** The names in {@code known} close to {@code typed}, closest first. */
  static List<String> of(String typed, List<String> known) {
    String t = typed.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, t.length() / 3);
    return known.stream()
        .filter(k -> (t.length() >= 3 && (k.contains(t) || t.contains(k))) || distance(t, k) <= limit)
        .sorted(Comparator.comparingInt((String k) -> distance(t, k)).thenComparing(k -> k))
        .toList();
  }

  /**
   * A suggestion of {@code candidates}, one per line: "Did you mean this?" or "Did you mean one of
   * these?", then each candidate indented. No lines if there are no candidates.
   */
  static List<String> didYouMean(List<String> candidates) {
    if (candidates.isEmpty()) return List.of();
    List<String> lines = new ArrayList<>();
    lines.add(candidates.size() == 1 ? "Did you mean this?" : "Did you mean one of these?");
    for (String c : candidates) lines.add(WeftCommand.INDENT + c);
    return lines;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(subst, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
