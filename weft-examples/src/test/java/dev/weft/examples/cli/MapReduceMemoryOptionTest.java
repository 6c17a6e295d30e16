package dev.weft.examples.cli;

import static dev.weft.examples.cli.MapReduceCommandTest.mapreduce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.examples.cli.WeftCommandTest.Result;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code --memory} takes 512k, 256m, 1g or bytes; anything else is an error naming the option. */
@Timeout(60)
class MapReduceMemoryOptionTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"512k, 524288", "256m, 268435456", "1g, 1073741824", "1G, 1073741824", "65536, 65536", "64K, 65536"})
  void parsesSizes(String text, long bytes) {
    assertThat(ByteSize.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "m", "12x", "1.5g", "-1m", "1 g", "99999999999999999999", "9000000000g"})
  void rejectsWhatIsNotASize(String text) {
    assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(TypeConversionException.class).hasMessageContaining("'" + text + "'");
  }

  @Test
  void aBadValueExitsWith2AndNamesTheOption() throws IOException {
    String a = MapReduceCommandTest.smallText(dir, "a.txt").toString();
    Result r = mapreduce("wordcount", "--memory", "lots", a);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--memory").contains("'lots' is not a size such as 512k, 256m or 1g").doesNotContain("\tat ");
    Result small = mapreduce("wordcount", "--memory", "10k", a);
    assertThat(small.exitCode()).isEqualTo(2);
    assertThat(small.err()).contains("--memory must be at least 64k: 10240 bytes");
  }

  @Test
  void aSmallBudgetSpillsAndGivesTheSameCounts() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) text.append("w").append(i).append(" the\n");
    Path f = java.nio.file.Files.writeString(dir.resolve("many.txt"), text);
    Result r = mapreduce("wordcount", "--memory", "64k", "--top", "2", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(MapReduceCommandTest.rows(r.out(), "count  word")).containsExactly("20000  the", "1  w0");
    assertThat(r.out()).containsPattern("container \\w+, [1-9]\\d* spill runs");
  }
}
