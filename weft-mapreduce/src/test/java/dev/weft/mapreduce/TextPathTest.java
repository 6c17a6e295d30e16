package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The text path ({@link TextMapper}): file input is mapped from its bytes and keys are looked up
 * by their bytes; every other input goes through strings. Both give the answer of a sequential
 * reference over decoded lines, for ASCII and non-ASCII text, Unicode whitespace, keys of every
 * length, spilling, custom partitioners, and keys that cut a multi-byte sequence.
 */
@Timeout(60)
class TextPathTest {

  @TempDir Path dir;

  /** Pieces of text: ASCII, 2-, 3- and 4-byte UTF-8, Unicode and ASCII whitespace, and text
   * that only looks like a space (U+00A0 is not whitespace to {@link Character#isWhitespace}). */
  private static final String[] PIECES = {
    "a", "word", "Zebra", "é", "naïve", "日本語", "😀", "x😀y", "\u00A0", "mot\u00A0clé",
    " ", "  ", "\t", "\u000B", "\f", "\u001C", "\u001F", "\u2003", "\u3000", "\u2028", "\r"
  };

  private static String randomLine(SplittableRandom rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      int k = rnd.nextInt(20);
      if (k == 0) b.append("w".repeat(100 + rnd.nextInt(200))); // keys of 4-byte length prefix
      else if (k < 4) b.append("k").append(rnd.nextInt(300));
      else b.append(PIECES[rnd.nextInt(PIECES.length)]);
      if (rnd.nextInt(3) > 0) b.append(' ');
    }
    return b.toString();
  }

  /** Words split by {@link Character#isWhitespace(int)}, over code points; the reference. */
  private static Map<String, Long> referenceWordCount(List<String> lines) {
    TreeMap<String, Long> m = new TreeMap<>();
    for (String l : lines) {
      int i = 0;
      while (i < l.length()) {
        while (i < l.length() && Character.isWhitespace(l.codePointAt(i))) i += Character.charCount(l.codePointAt(i));
        int start = i;
        while (i < l.length() && !Character.isWhitespace(l.codePointAt(i))) i += Character.charCount(l.codePointAt(i));
        if (i > start) m.merge(l.substring(start, i), 1L, Long::sum);
      }
    }
    return m;
  }

  /** The lines as the file gives them back: a trailing CR is a line terminator. */
  private static List<String> asRead(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16})
  void wordCountOfMixedTextMatchesTheReferenceFromFilesAndFromStrings(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    boolean spill = rnd.nextBoolean();
    List<String> lines = new ArrayList<>();
    int n = (spill ? 6_000 : 500) + rnd.nextInt(3000);
    for (int i = 0; i < n; i++) lines.add(randomLine(rnd));
    // a line longer than the reader's 64 KiB buffer, so that lines also cross buffer boundaries
    lines.add(rnd.nextInt(lines.size()), "long ".repeat(20_000) + "é");
    Path f = dir.resolve("in.txt");
    Files.write(f, lines, StandardCharsets.UTF_8);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    JobConfig config = JobConfig.defaults()
        .withParallelism(1 + rnd.nextInt(3))
        .withSplitSize(rnd.nextBoolean() ? 0 : 1_000 + rnd.nextInt(50_000))
        .withPartitions(rnd.nextInt(6))
        .withContainer(Container.hash())
        .withMemoryBudget(spill ? 64 * 1024 : 64L << 20)
        .withSpillDirectory(spills);
    Map<String, Long> expected = referenceWordCount(asRead(lines));
    LocalEngine engine = new LocalEngine(config);

    JobResult<String, Long> fromFile = engine.run(Context.background(), Jobs.wordCount(Input.lines(f)));
    assertThat(fromFile.entries()).as("%s", config).containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
    if (spill) assertThat(fromFile.stats().spillRuns()).as("spill runs").isPositive();

    JobResult<String, Long> fromStrings = engine.run(Context.background(), Jobs.wordCount(Input.of(asRead(lines))));
    assertThat(fromStrings.entries()).containsExactlyElementsOf(fromFile.entries());
    try (var s = Files.list(spills)) {
      assertThat(s.count()).isZero();
    }
  }

  /** Counts each line's first byte as a key, cut multi-byte sequences included; custom partitions. */
  private static MapReduceJob<String, String, Long, Long> firstBytes(Input<String> in) {
    return MapReduceJob.builder(in)
        .mapTextToLong((line, out) -> {
          if (line.length() > 0) out.emit(line, 0, 1);
          out.emit(line, 0, line.length(), 10); // the whole line, the empty one too
        })
        .sum()
        .partitioner((key, partitions) -> key.length() % partitions)
        .output(Output.<String, Long>sortedByKey())
        .build();
  }

  @Test
  void keysThatCutAMultiByteSequenceDecodeAsReplacementCharactersOnEveryPath() throws Exception {
    List<String> lines = List.of("é", "éa", "日本", "😀", "a", "", "a", "é");
    Path f = dir.resolve("cut.txt");
    Files.write(f, lines, StandardCharsets.UTF_8);
    TreeMap<String, Long> expected = new TreeMap<>();
    for (String l : lines) {
      byte[] b = l.getBytes(StandardCharsets.UTF_8);
      if (b.length > 0) expected.merge(new String(b, 0, 1, StandardCharsets.UTF_8), 1L, Long::sum);
      expected.merge(l, 10L, Long::sum);
    }
    for (JobConfig c : List.of(
        JobConfig.defaults().withParallelism(2),
        JobConfig.defaults().withParallelism(1).withMemoryBudget(64 * 1024).withSpillDirectory(dir))) {
      LocalEngine engine = new LocalEngine(c);
      assertThat(engine.run(Context.background(), firstBytes(Input.lines(f))).entries())
          .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
      assertThat(engine.run(Context.background(), firstBytes(Input.of(lines))).entries())
          .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
    }
    assertThat(expected).containsEntry("\uFFFD", 5L); // é, éa, 日本, 😀 (cut) and é again
  }

  @Test
  void aKeyWithAnUnpairedSurrogateFailsTheJobOnEveryPath() throws Exception {
    Path f = dir.resolve("in.txt");
    Files.writeString(f, "a\nb\n");
    MapReduceJob<String, String, Long, Long> job = MapReduceJob.builder(Input.lines(f))
        .mapTextToLong((line, out) -> out.emit("x\uD800"))
        .sum()
        .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("map failed in split")
        .hasMessageContaining("TextEmitter: key has an unpaired surrogate at index 1");
    MapReduceJob<String, String, Long, Long> fromStrings = MapReduceJob.builder(Input.of(List.of("a")))
        .mapTextToLong((line, out) -> out.emit("\uDC00"))
        .sum()
        .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), fromStrings))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("TextEmitter: key has an unpaired surrogate at index 0");
  }

  @Test
  void aRangeOutsideTheLineFailsTheJobNamingTheSplitAndOffset() throws Exception {
    Path f = dir.resolve("in.txt");
    Files.writeString(f, "abc\nabcdef\n");
    MapReduceJob<String, String, Long, Long> job = MapReduceJob.builder(Input.lines(f))
        .mapTextToLong((line, out) -> out.emit(line, 0, 5))
        .sum()
        .build();
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), job))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("map failed in split " + f)
        .hasMessageContaining("at byte 0")
        .hasCauseInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void invalidUtf8IsAMalformedRecordOnTheTextPath() throws Exception {
    Path f = dir.resolve("bad.txt");
    byte[] bad = {'o', 'k', '\n', 'x', (byte) 0xC3, '\n', 'o', 'k', ' ', (byte) 0xE6, (byte) 0x97, (byte) 0xA5, '\n'};
    Files.write(f, bad);
    assertThatThrownBy(() -> LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.lines(f))))
        .isInstanceOf(JobFailedException.class)
        .hasMessageContaining("at byte 3: line is not valid UTF-8");
    JobResult<String, Long> r = new LocalEngine(JobConfig.defaults().withMalformedPolicy(MalformedPolicy.skip()))
        .run(Context.background(), Jobs.wordCount(Input.lines(f)));
    assertThat(r.toMap()).isEqualTo(Map.of("ok", 2L, "日", 1L));
    assertThat(r.stats().malformedRecords()).isEqualTo(1);
  }

  @Test
  void mapTextToLongRejectsACollectionOfNonStrings() {
    assertThatThrownBy(() -> MapReduceJob.builder(Input.<Object>of(List.of("a", 7))).mapTextToLong((l, o) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MapReduceJob: mapTextToLong needs String records; record 1 is a java.lang.Integer");
  }

  @Test
  void textViewsDecodeAndCheckTheirBounds() {
    byte[] b = "xxé😀yy".getBytes(StandardCharsets.UTF_8);
    Text t = new Text();
    t.set(b, 2, b.length - 4, false); // "é😀"
    assertThat(t.length()).isEqualTo(6);
    assertThat(t.toString()).isEqualTo("é😀");
    assertThat(t.substring(2, 6)).isEqualTo("😀");
    assertThat(t.substring(0, 1)).isEqualTo("\uFFFD");
    assertThat(t.byteAt(0)).isEqualTo((byte) 0xC3);
    assertThat(t.isAscii()).isFalse();
    assertThatThrownBy(() -> t.byteAt(6)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.substring(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.substring(3, 7)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
