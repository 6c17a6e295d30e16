package dev.weft.mapreduce;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the spilling tests share: a count of leftover files and an object-valued word count. */
final class SpillFixtures {
  private SpillFixtures() {}

  /** The files and directories under {@code d}, {@code d} excluded. */
  static long filesUnder(Path d) throws Exception {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(p -> !p.equals(d)).count();
    }
  }

  /** A word count in the object shape, combined by a sum, keys spilled with their own codec. */
  static MapReduceJob<String, String, Long, Long> combinedWordCount(List<String> lines) {
    return MapReduceJob.builder(Input.of(lines))
        .<String, Long>map((line, out) -> Reference.words(line).forEach(w -> out.emit(w, 1L)))
        .combine(Long::sum)
        .reduce((String k, List<Long> vs) -> vs.getFirst())
        .keyCodec(Codec.string())
        .build();
  }
}
