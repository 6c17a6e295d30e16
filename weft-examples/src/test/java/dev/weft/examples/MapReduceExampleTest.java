package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The map-reduce example counts the same words as a sequential count and prints its top ten in
 * descending order, the container it chose and the splits stolen.
 */
@Timeout(30)
class MapReduceExampleTest {

  private static final Pattern ROW = Pattern.compile(" {2}(\\S+) +([\\d,]+)");

  @Test
  void countsLikeASequentialCountAndPrintsTheTopTen() throws Exception {
    List<String> out = ExamplesTest.run("map-reduce");
    assertThat(out).hasSize(16);
    assertThat(out.get(0)).matches("a text of \\d+ bytes, \\d+ lines of Zipf-distributed words \\(seed 42\\)");
    assertThat(out.get(1)).matches("top 10 words of \\d+:");
    List<Long> counts = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (String row : out.subList(2, 12)) {
      Matcher m = ROW.matcher(row);
      assertThat(m.matches()).as(row).isTrue();
      words.add(m.group(1));
      counts.add(Long.parseLong(m.group(2).replace(",", "")));
    }
    assertThat(words).doesNotHaveDuplicates();
    assertThat(counts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(counts.getFirst()).isGreaterThan(counts.getLast()); // Zipf: the head is heavy
    assertThat(out.get(12)).matches("container: (hash, a table per worker|shared, one concurrent table) \\(chosen from a sample in \\d+ ms\\)");
    assertThat(out.get(13)).matches("splits: \\d+ on 4 workers, \\d+ stolen");
    Matcher splits = Pattern.compile("splits: (\\d+) on 4 workers, (\\d+) stolen").matcher(out.get(13));
    assertThat(splits.matches()).isTrue();
    assertThat(Integer.parseInt(splits.group(1))).isGreaterThanOrEqualTo(32); // 2 MB in 64 KiB splits
    assertThat(Integer.parseInt(splits.group(2))).isLessThanOrEqualTo(Integer.parseInt(splits.group(1)));
    assertThat(out.get(14)).matches("records: \\d+ lines, \\d+ words, \\d+ ms to map, \\d+ ms to merge");
    assertThat(out.get(15)).matches("same as a sequential count: \\d+ words, \\d+ occurrences");
  }

  @Test
  void runsAgainWithTheSameTopWords() throws Exception {
    List<String> first = ExamplesTest.run("map-reduce");
    List<String> second = ExamplesTest.run("map-reduce");
    assertThat(second.subList(0, 12)).isEqualTo(first.subList(0, 12));
    assertThat(second.get(15)).isEqualTo(first.get(15));
  }
}
