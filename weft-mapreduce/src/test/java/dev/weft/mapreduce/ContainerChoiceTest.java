package dev.weft.mapreduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The automatic container is the per-worker hash table unless the workers' copies of repeated keys
 * would pass the budget while one copy fits; tables are sized from the sample.
 */
@Timeout(30)
class ContainerChoiceTest {

  @Test
  void repeatedKeysThatFitPerWorkerStayInHashTables() {
    // 500 records, 5000 emits, 400 distinct keys; a million records in all; a large budget
    ContainerChoice c = ContainerChoice.choose(500, 5_000, 400, 400 * 60, 1e6, 4, 256L << 20);
    assertThat(c.container()).isEqualTo(Container.hash());
    assertThat(c.expectedKeys()).isBetween(400L * 10, 400L * 30); // sqrt(10^7 / 4 / 5000) ~ 22
  }

  @Test
  void repeatedKeysWhoseCopiesOverflowButOneCopyFitsGoToTheSharedTable() {
    ContainerChoice c = ContainerChoice.choose(500, 5_000, 400, 400 * 60, 1e6, 8, 4L << 20);
    assertThat(c.container()).isEqualTo(Container.shared());
  }

  @Test
  void uniqueKeysThatOverflowAnywaySpillFromHashTables() {
    ContainerChoice c = ContainerChoice.choose(500, 500, 500, 500 * 60, 1e7, 8, 4L << 20);
    assertThat(c.container()).isEqualTo(Container.hash());
    assertThat(c.expectedKeys()).isEqualTo(1 << 20);
  }

  @Test
  void anEmptySampleChoosesHash() {
    assertThat(ContainerChoice.choose(0, 0, 0, 0, 0, 2, 1 << 20).container()).isEqualTo(Container.hash());
  }

  @Test
  void aJobWithTheAutomaticContainerReportsWhatItChose() throws Exception {
    List<String> lines = ZipfWords.create(1_000, 1.0, 4).lines(4_000);
    JobResult<String, Long> r = LocalEngine.create().run(Context.background(), Jobs.wordCount(Input.of(lines)));
    assertThat(r.stats().container()).isIn(Container.hash(), Container.shared());
    assertThat(r.stats().sampleTime()).isPositive();
  }
}
