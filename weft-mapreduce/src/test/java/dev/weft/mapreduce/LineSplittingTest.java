package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cutting a file at every possible byte gives every line exactly once, in order: empty files, no
 * final newline, CRLF, lines ending exactly at a boundary, multibyte UTF-8 across a boundary.
 */
class LineSplittingTest {

  @TempDir Path dir;

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("empty", "", List.of()),
        Arguments.of("one newline", "\n", List.of("")),
        Arguments.of("no final newline", "alpha\nbeta", List.of("alpha", "beta")),
        Arguments.of("final newline", "alpha\nbeta\n", List.of("alpha", "beta")),
        Arguments.of("crlf", "a\r\nbb\r\n\r\nccc", List.of("a", "bb", "", "ccc")),
        Arguments.of("empty lines", "\n\nx\n\n", List.of("", "", "x", "")),
        Arguments.of("multibyte", "héllo wörld\n日本語テキスト\n🙂🙂\nz", List.of("héllo wörld", "日本語テキスト", "🙂🙂", "z")),
        Arguments.of("single line", "abcdefghij", List.of("abcdefghij")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("texts")
  void everySplitSizeYieldsEveryLineOnce(String name, String text, List<String> expected) throws Exception {
    Path f = dir.resolve("t.txt");
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Files.write(f, bytes);
    for (int size = 1; size <= bytes.length + 1; size++) {
      assertThat(readAll(f, bytes.length, size)).as("split size %d", size).isEqualTo(expected);
    }
    if (bytes.length == 0) assertThat(readAll(f, 0, 1)).isEmpty();
  }

  @Test
  void aLineEndingExactlyAtABoundaryBelongsToTheFirstSplitAndTheNextLineToTheSecond() throws Exception {
    Path f = dir.resolve("b.txt");
    Files.writeString(f, "abcd\nefgh\n");
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    read(f, 0, 5, first);
    read(f, 5, 10, second);
    assertThat(first).containsExactly("abcd");
    assertThat(second).containsExactly("efgh");
    first.clear();
    second.clear();
    read(f, 0, 4, first); // ends just before the newline: reads past it to finish the line
    read(f, 4, 10, second); // starts on the newline of a line begun before: skips it
    assertThat(first).containsExactly("abcd");
    assertThat(second).containsExactly("efgh");
  }

  @Test
  void anOverlongLineIsReportedWithItsOffsetAndTheNextLineStillRead() throws Exception {
    Path f = dir.resolve("long.txt");
    Files.writeString(f, "ok\n" + "x".repeat(100) + "\nfine\n");
    List<String> lines = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      new LineReader(16, 10).read(ch, 0, Files.size(f), sink(lines, bad));
    }
    assertThat(lines).containsExactly("ok", "fine");
    assertThat(bad).containsExactly("3:record longer than 10 bytes:xxxxxxxxxx");
  }

  @Test
  void invalidUtf8IsMalformedButAReplacementCharacterInTheFileIsNot() throws Exception {
    Path f = dir.resolve("bad.txt");
    byte[] good = "ok \uFFFD\n".getBytes(StandardCharsets.UTF_8);
    byte[] text = new byte[good.length + 3];
    System.arraycopy(good, 0, text, 0, good.length);
    text[good.length] = (byte) 0xC3; // a lead byte without its continuation
    text[good.length + 1] = 'a';
    text[good.length + 2] = '\n';
    Files.write(f, text);
    List<String> lines = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      new LineReader(64, 100).read(ch, 0, text.length, sink(lines, bad));
    }
    assertThat(lines).containsExactly("ok \uFFFD");
    assertThat(bad).hasSize(1);
    assertThat(bad.getFirst()).startsWith(good.length + ":line is not valid UTF-8");
  }

  private static List<String> readAll(Path f, long length, int splitSize) throws Exception {
    List<String> out = new ArrayList<>();
    for (long s = 0; s < length; s += splitSize) read(f, s, Math.min(length, s + splitSize), out);
    return out;
  }

  private static void read(Path f, long start, long end, List<String> out) throws Exception {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
      // a tiny buffer, so that lines also cross buffer refills
      new LineReader(3, 1 << 10).read(ch, start, end, sink(out, new ArrayList<>()));
    }
  }

  private static LineReader.Sink sink(List<String> lines, List<String> bad) {
    return new LineReader.Sink() {
      @Override
      public void line(String line, long offset) {
        lines.add(line);
      }

      @Override
      public void malformed(String reason, String prefix, long offset) {
        bad.add(offset + ":" + reason + ":" + prefix);
      }

      @Override
      public void read(int bytes) {}
    };
  }
}
