package dev.weft.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Threads of this JVM and of a second JVM hammer one limiter: counted from the server time of each
 * admission, never more than the limit in a window (one more than the limit would show).
 */
@Timeout(60)
class RedisLimitExactnessTest {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final int THREADS = 6;
  private static final Duration RUN = Duration.ofMillis(1_200);
  private static final long W = Hammer.WINDOW.toNanos() / 1_000;
  private static final long L = Hammer.LIMIT;

  private static RedisConnection connection;

  @BeforeAll
  static void open() {
    connection = RedisConnection.open(REDIS.redis().config().withTimeout(Duration.ofSeconds(2)));
  }

  @AfterAll
  static void close() {
    connection.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"TOKEN_BUCKET", "GCRA", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER", "SLIDING_LOG"})
  void twoProcessesNeverGetMoreThanTheLimit(String kind) throws Exception {
    String name = "exact-" + kind;
    RedisLimiter limiter = Hammer.limiter(connection, kind, name);
    limiter.attempt(1, 0); // connect and load before the race
    Process child = startChild(kind, name);
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).as("the second JVM's first line").isEqualTo("READY");
      CompletableFuture<List<Long>> theirs =
          CompletableFuture.supplyAsync(
              () -> {
                List<Long> times = new ArrayList<>();
                try {
                  for (String line = out.readLine(); !"DONE".equals(line); line = out.readLine()) {
                    if (line == null) throw new IllegalStateException("second JVM died");
                    times.add(Long.parseLong(line));
                  }
                } catch (java.io.IOException e) {
                  throw new IllegalStateException(e);
                }
                return times;
              },
              r -> Thread.ofVirtual().start(r));
      List<Long> ours = Hammer.run(limiter, THREADS, RUN);
      List<Long> their = theirs.get(30, TimeUnit.SECONDS);
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ours).as("admissions in this JVM").isNotEmpty();
      assertThat(their).as("admissions in the second JVM").isNotEmpty();
      List<Long> all = new ArrayList<>(ours);
      all.addAll(their);
      Collections.sort(all);
      check(kind, all);
      // Not starved either: at least half of what the limit allows over the run.
      long allowed = L * (RUN.toNanos() / 1_000 / W);
      assertThat((long) all.size()).as("admissions in all").isGreaterThanOrEqualTo(allowed / 2);
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
  }

  private static void check(String kind, List<Long> t) {
    switch (kind) {
      case "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER" -> {
        // each window of the epoch-aligned grid admits at most L
        Map<Long, Integer> perWindow = new HashMap<>();
        for (long x : t) perWindow.merge(x / W, 1, Integer::sum);
        assertThat(perWindow.values()).allMatch(c -> c <= L, "at most " + L + " per window");
        if (kind.equals("SLIDING_WINDOW_COUNTER")) {
          // and any interval of length W holds fewer than 2L
          for (int i = 0; i + 2 * L - 1 < t.size(); i++) {
            assertThat(t.get((int) (i + 2 * L - 1)) - t.get(i)).isGreaterThanOrEqualTo(W);
          }
        }
      }
      case "SLIDING_LOG" -> {
        // any half-open interval of length W holds at most L: the (i+L)-th is W after the i-th
        for (int i = 0; i + L < t.size(); i++) {
          assertThat(t.get((int) (i + L)) - t.get(i))
              .as("admissions %d and %d", i, i + L)
              .isGreaterThanOrEqualTo(W);
        }
      }
      default -> {
        // token bucket / GCRA: between the i-th and j-th admission at most L + elapsed / T
        double interval = (double) W / L;
        for (int i = 0; i < t.size(); i++) {
          for (int j = i; j < t.size(); j++) {
            double allowed = L + (t.get(j) - t.get(i)) / interval + 1e-6;
            if (j - i + 1 > allowed) {
              throw new AssertionError(
                  (j - i + 1) + " admissions within " + (t.get(j) - t.get(i)) + " µs, at most "
                      + allowed + " allowed");
            }
          }
        }
      }
    }
  }

  private static Process startChild(String kind, String name) throws java.io.IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Hammer.class.getName(),
            String.valueOf(REDIS.redis().port()),
            kind,
            name,
            String.valueOf(THREADS),
            String.valueOf(RUN.toMillis()))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
