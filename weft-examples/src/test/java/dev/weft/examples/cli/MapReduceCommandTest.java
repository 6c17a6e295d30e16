package dev.weft.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.Examples;
import dev.weft.examples.cli.WeftCommandTest.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft mapreduce} with the local engine: bad command lines and unreadable files exit with 2
 * and one clear line, no stack trace; each workload prints its top rows and the table of phases.
 */
@Timeout(60)
class MapReduceCommandTest {

  @TempDir Path dir;

  /** A text where "the" occurs 30 times, "fox" 20, "dog" 10 and "cat" once. */
  static Path smallText(Path dir, String name) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10; i++) text.append("the fox the dog\nthe fox\n");
    text.append("cat\n");
    Path f = dir.resolve(name);
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  static Result mapreduce(Terminal terminal, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "mapreduce";
    System.arraycopy(args, 0, all, 1, args.length);
    return WeftCommandTest.execute(Examples.all(), terminal, System::nanoTime, all);
  }

  static Result mapreduce(String... args) {
    return mapreduce(Terminal.plain(), args);
  }

  /** The rows printed under the result's header line that starts with {@code header}. */
  static List<String> rows(String out, String header) {
    List<String> lines = out.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(header)) {
        start = i + 1;
        break;
      }
    }
    assertThat(start).as("a header '%s' in:%n%s", header, out).isPositive();
    List<String> rows = new ArrayList<>();
    for (String l : lines.subList(start, lines.size())) {
      if (l.isBlank() || l.strip().startsWith("(")) break;
      rows.add(l.strip().replaceAll(" {2,}", "  "));
    }
    return rows;
  }

  private static void assertUsageError(Result r, String message) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void countsTheWordsOfAFileAndPrintsTheTopRowsAndThePhases() throws IOException {
    Path f = smallText(dir, "a.txt");
    Result r = mapreduce("wordcount", f.toString(), "--top", "3");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).startsWith("wordcount of 1 file, ").contains("on the local engine");
    assertThat(rows(r.out(), "count  word")).containsExactly("30  the", "20  fox", "10  dog");
    assertThat(r.out()).containsPattern("\n {4}phase +time +MB/s +records/s\n");
    assertThat(r.out()).containsPattern("\n {4}map +[\\d,]+ ms +[\\d.-]+ +[\\d,-]+\n");
    assertThat(r.out()).containsPattern("\n {4}total +[\\d,]+ ms");
    assertThat(r.out()).contains("21 records").contains("4 keys").contains("container ");
  }

  @Test
  void topDefaultsToTenAndSaysHowManyRowsThereAre() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 12; i++) text.append("w").append(i).append(' ');
    Path f = Files.writeString(dir.resolve("b.txt"), text + "\n");
    Result r = mapreduce("wordcount", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(rows(r.out(), "count  word")).hasSize(10);
  }

  @Test
  void grepHistogramAndIndex() throws IOException {
    Path a = smallText(dir, "a.txt");
    Path b = Files.writeString(dir.resolve("b.txt"), "the owl\nhippopotamus\n");
    Result grep = mapreduce("grep", "--pattern", "fox", a.toString(), b.toString());
    assertThat(grep.exitCode()).as(grep.err()).isZero();
    assertThat(rows(grep.out(), "count  line")).containsExactly("10  the fox", "10  the fox the dog");

    Result histogram = mapreduce("histogram", a.toString(), b.toString());
    assertThat(histogram.exitCode()).as(histogram.err()).isZero();
    assertThat(rows(histogram.out(), "words  length")).containsExactly("63  3", "1  12");
    assertThat(histogram.out()).contains("container dense(21)");

    Result index = mapreduce("index", a.toString(), b.toString(), "--top", "2");
    assertThat(index.exitCode()).as(index.err()).isZero();
    assertThat(rows(index.out(), "files  word: files"))
        .containsExactly("2  the: " + a + ", " + b, "1  cat: " + a);
  }

  @Test
  void aMissingFileOrADirectoryIsAClearErrorWithExitCode2() throws IOException {
    Path a = smallText(dir, "a.txt");
    Path missing = dir.resolve("missing.txt");
    assertUsageError(mapreduce("wordcount", a.toString(), missing.toString()), "weft mapreduce: cannot read " + missing + ": no such file");
    assertUsageError(mapreduce("wordcount", dir.toString()), "cannot read " + dir + ": it is a directory");
  }

  @Test
  void anUnreadableFileIsAClearErrorWithExitCode2() throws IOException {
    Path a = smallText(dir, "a.txt");
    boolean changed = a.toFile().setReadable(false);
    try {
      if (changed && !Files.isReadable(a)) {
        assertUsageError(mapreduce("wordcount", a.toString()), "cannot read " + a + ": permission denied");
      } else { // as root every file is readable: the job reads it
        assertThat(mapreduce("wordcount", a.toString()).exitCode()).isZero();
      }
    } finally {
      a.toFile().setReadable(true);
    }
  }

  @Test
  void badArgumentsAreUsageErrors() throws IOException {
    String a = smallText(dir, "a.txt").toString();
    assertUsageError(mapreduce("wordcounts", a), "unknown workload 'wordcounts': use one of wordcount, grep, histogram, index");
    assertUsageError(mapreduce("grep", a), "grep needs --pattern");
    assertUsageError(mapreduce("wordcount", "--pattern", "x", a), "--pattern is for grep only");
    assertUsageError(mapreduce("wordcount", "--top", "0", a), "--top must be positive: 0");
    assertUsageError(mapreduce("wordcount", "--members", "3", a), "--members is for --engine hazelcast");
    assertUsageError(mapreduce("wordcount", "--engine", "hazelcast", "--members", "0", a), "--members must be positive: 0");
    assertUsageError(mapreduce("wordcount", "--engine", "spark", a), "--engine");
    assertUsageError(mapreduce("wordcount"), "FILE");
  }

  @Test
  void helpListsTheWorkloadsAndOptions() {
    Result r = mapreduce("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("wordcount", "grep", "histogram", "index")
        .contains("--top", "--engine", "--members", "--memory", "--pattern")
        .contains("Exit codes");
    Result top = WeftCommandTest.execute(Examples.all(), "--help");
    assertThat(top.out()).contains("mapreduce");
  }

  @Test
  void caseOfTheWorkloadDoesNotMatter() throws IOException {
    Result r = mapreduce("WordCount", smallText(dir, "a.txt").toString(), "--top", "1");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(rows(r.out(), "count  word")).containsExactly("30  the");
  }
}
