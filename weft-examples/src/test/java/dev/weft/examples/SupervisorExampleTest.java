package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The supervisor example runs to completion and prints deterministic lines. */
@Timeout(10)
class SupervisorExampleTest {

  @Test
  void supervisor() throws Exception {
    assertThat(ExamplesTest.run("supervisor"))
        .containsExactly(
            "part 1: db-watch keeps failing",
            "  run failed: RunGroup: actor 'db-watch' failed after 2 restarts:"
                + " java.io.IOException: db:5432: connection refused",
            "  db-watch: attempt 1: connection refused",
            "  db-watch: attempt 2: connection refused",
            "  db-watch: attempt 3: connection refused",
            "  api: stopped: db:5432: connection refused",
            "  listener: accept ended: Closed[]",
            "  exit code: 1",
            "part 2: a signal stops the same service",
            "  run returned normally",
            "  api: stopped: SIGTERM",
            "  listener: accept ended: Closed[]",
            "  exit code: 0");
  }
}
