package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The weft-redis examples run against a redis-server they start themselves, and print a shared
 * limit that holds and a fallback that takes over. The build installs redis-server when it is
 * missing (weft-redis/scripts/ensure-redis.sh); if it cannot, these tests fail, they never skip.
 */
@Timeout(60)
class RedisExamplesTest {

  @BeforeAll
  static void redisServerIsInstalled() throws Exception {
    if (LocalRedis.binary().isPresent()) return;
    Path script = Path.of("..", "weft-redis", "scripts", "ensure-redis.sh");
    assertThat(script).as("the script that installs redis-server").isRegularFile();
    Process p = new ProcessBuilder("bash", script.toString()).inheritIO().start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("ensure-redis.sh exit code").isZero();
    assertThat(LocalRedis.missing()).as("redis-server after ensure-redis.sh").isEmpty();
  }

  private static long number(String regex, String text) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in '%s'", regex, text).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void distributedRateLimitStaysWithinTheBucketsBoundAcrossTwoProcesses() throws Exception {
    List<String> lines = ExamplesTest.runWithin("distributed-rate-limit", 15);
    String all = String.join("\n", lines);
    assertThat(lines).contains("slot         worker A  worker B  together");
    long total = number("admitted in all: (\\d+);", all);
    long bound = number("= (\\d+)$", lines.get(lines.size() - 1));
    assertThat(bound).isEqualTo(110);
    assertThat(total).isBetween(60L, bound + 1); // +1: the workers' clocks read the slots
    long a = 0;
    long b = 0;
    for (String line : lines) {
      Matcher m = Pattern.compile("^\\s*\\d+-\\s*\\d+ ms\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(line);
      if (m.matches()) {
        a += Long.parseLong(m.group(1));
        b += Long.parseLong(m.group(2));
        assertThat(Long.parseLong(m.group(3)))
            .isEqualTo(Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)));
      }
    }
    assertThat(a + b).isEqualTo(total);
    assertThat(a).as("worker A got permits").isPositive();
    assertThat(b).as("worker B got permits").isPositive();
  }

  @Test
  void redisFailureFallsBackThenRecovers() throws Exception {
    List<String> lines = ExamplesTest.runWithin("redis-failure", 15);
    assertThat(lines.get(0)).startsWith("phase");
    assertThat(lines).hasSize(4);
    Pattern row =
        Pattern.compile("^(.+?)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+) ms\\s+(CLOSED|OPEN|HALF_OPEN)$");
    Matcher up = row.matcher(lines.get(1));
    Matcher down = row.matcher(lines.get(2));
    Matcher back = row.matcher(lines.get(3));
    assertThat(up.matches() && down.matches() && back.matches()).as(lines.toString()).isTrue();
    assertThat(up.group(1)).isEqualTo("redis up");
    assertThat(down.group(1)).isEqualTo("redis killed");
    assertThat(back.group(1)).isEqualTo("redis restarted");
    // Up: the shared bucket (10 + 100/s over 0.6 s, at most 70); down: the local share, 25/s and
    // a burst of 25 at most (at most 40 over 0.6 s); back: the shared bucket again.
    assertThat(Long.parseLong(up.group(2))).isBetween(20L, 71L);
    assertThat(Long.parseLong(down.group(2))).isBetween(1L, 41L);
    assertThat(Long.parseLong(back.group(2))).isPositive();
    assertThat(up.group(5)).isEqualTo("CLOSED");
    assertThat(back.group(5)).as("the breaker closed again by itself").isEqualTo("CLOSED");
    // While Redis is down no decision waits much past the 50 ms timeout.
    assertThat(Double.parseDouble(down.group(4))).isLessThan(1_000.0);
  }

  @Test
  void bothNeedRedisAndSaySo() {
    for (String name : List.of("distributed-rate-limit", "redis-failure")) {
      Example e = Examples.named(name).orElseThrow();
      assertThat(e.missing()).as(name).isEqualTo(LocalRedis.missing());
    }
    assertThat(Files.isExecutable(LocalRedis.binary().orElseThrow())).isTrue();
  }
}
