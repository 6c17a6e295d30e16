package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For seeded random inputs and configurations (parallelism, split size, partitions, container,
 * budget small enough to spill or not, file or collection), word count and the inverted index
 * give the sequential answer and leave no spill files.
 */
@Timeout(60)
class RandomizedJobTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomJobsMatchTheReference(long seed) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    Path spills = Files.createDirectory(dir.resolve("spills"));
    Container container = switch (rnd.nextInt(3)) {
      case 0 -> Container.hash();
      case 1 -> Container.shared();
      default -> Container.auto();
    };
    boolean spill = container.equals(Container.hash()) && rnd.nextBoolean();
    JobConfig config =
        JobConfig.defaults()
            .withParallelism(1 + rnd.nextInt(4))
            .withSplitSize(rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(20_000))
            .withPartitions(rnd.nextInt(10))
            .withContainer(container)
            .withMemoryBudget(spill ? 64 * 1024 : 64L << 20)
            .withSpillDirectory(spills);
    ZipfWords z = ZipfWords.create(100 + rnd.nextInt(20_000), 0.6 + rnd.nextDouble(), rnd.nextLong());
    List<String> lines = z.lines(1 + rnd.nextInt(6_000));
    LocalEngine engine = new LocalEngine(config);

    Input<String> in;
    if (rnd.nextBoolean()) {
      Path f = dir.resolve("in.txt");
      Files.write(f, lines);
      in = Input.lines(f);
    } else {
      in = Input.of(lines);
    }
    JobResult<String, Long> counts = engine.run(Context.background(), Jobs.wordCount(in));
    assertThat(counts.entries()).as("%s", config).containsExactlyElementsOf(new ArrayList<>(Reference.wordCount(lines).entrySet()));

    List<Map.Entry<String, String>> docs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) docs.add(Map.entry("d" + rnd.nextInt(1 + lines.size() / 2), lines.get(i)));
    JobResult<String, List<String>> index = engine.run(Context.background(), Jobs.invertedIndex(Input.of(docs)));
    assertThat(index.entries()).as("%s", config).containsExactlyElementsOf(new ArrayList<>(Reference.invertedIndex(docs).entrySet()));

    try (var s = Files.list(spills)) {
      assertThat(s.count()).isZero();
    }
  }
}
