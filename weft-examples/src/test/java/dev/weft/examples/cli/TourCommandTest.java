package dev.weft.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.examples.Example;
import dev.weft.examples.cli.WeftCommandTest.Result;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code weft tour}: a progress line per example, a summary line, and exit code 1 if any failed. */
@Timeout(10)
class TourCommandTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);

  private Result tour(List<Example> examples, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "tour";
    System.arraycopy(options, 0, args, 1, options.length);
    return WeftCommandTest.execute(examples, Terminal.plain(), clock::get, args);
  }

  private List<Example> three(boolean secondFails) {
    return List.of(
        new TimedFake("first", 120, false, clock),
        new TimedFake("second", 50, secondFails, clock),
        new TimedFake("third", 1300, false, clock));
  }

  @Test
  void everyExampleGetsAProgressLineAndTheSummarySaysAllPassed() {
    Result r = tour(three(false));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .containsSubsequence(
            """
            === [1/3] first: a fake that takes 120 ms
                mirrors Go's `time.Sleep`

            first ran

            [1/3] first ... ok 120 ms
            """,
            "[2/3] second ... ok 50 ms\n",
            "[3/3] third ... ok 1300 ms\n")
        .endsWith("\ntour: 3 passed, 0 failed in 1.5 s\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aFailureDoesNotStopTheTourButMakesItExit1() {
    Result r = tour(three(true));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .containsSubsequence("[1/3] first ... ok 120 ms", "[2/3] second ... FAILED 50 ms", "third ran")
        .endsWith(
            """

            tour: 2 passed, 1 failed in 1.5 s
            failed (run one again with 'weft run <name>'):
                second
            """);
    assertThat(r.err()).contains("example 'second' failed: java.lang.IllegalStateException: second broke");
  }

  @Test
  void failFastStopsAtTheFirstFailureAndCountsTheRestAsNotRun() {
    Result r = tour(three(true), "--fail-fast");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("second ran").doesNotContain("third");
    assertThat(r.out())
        .endsWith(
            """
            tour: 1 passed, 1 failed, 1 not run in 0.2 s
            failed (run one again with 'weft run <name>'):
                second
            """);
  }

  @Test
  void everyFailureIsListedOnALineOfItsOwn() {
    Result r =
        tour(List.of(new TimedFake("a", 1, true, clock), new TimedFake("b", 1, false, clock),
            new TimedFake("c", 1, true, clock)));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .endsWith(
            """
            tour: 1 passed, 2 failed in 0.0 s
            failed (run one again with 'weft run <name>'):
                a
                c
            """);
  }

  @Test
  void anExampleThisMachineCannotRunIsSkippedWithWhatToInstallAndDoesNotFailTheTour() {
    Result r = tour(List.of(three(false).get(0), new NeedsSomething(), three(false).get(2)));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("    not run: needs redis-server: apt-get install redis-server\n")
        .contains("[2/3] needs-redis ... skipped 0 ms\n")
        .doesNotContain("needs-redis ran")
        .endsWith(
            """
            tour: 2 passed, 0 failed, 1 skipped in 1.4 s
            skipped (this machine lacks what they need):
                needs-redis: needs redis-server: apt-get install redis-server
            """);
  }

  /** An example that says this machine lacks what it needs; running it would fail the test. */
  private static final class NeedsSomething implements Example {
    @Override
    public String name() {
      return "needs-redis";
    }

    @Override
    public String description() {
      return "a fake that needs a server";
    }

    @Override
    public String goIdiom() {
      return "Go's `redis.NewClient`";
    }

    @Override
    public java.util.Optional<String> missing() {
      return java.util.Optional.of("needs redis-server: apt-get install redis-server");
    }

    @Override
    public void run(java.io.PrintStream out) {
      throw new AssertionError("needs-redis ran");
    }
  }
}
