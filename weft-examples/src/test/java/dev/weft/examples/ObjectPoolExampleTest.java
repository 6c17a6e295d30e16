package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The object-pool example runs to completion and prints deterministic lines. */
@Timeout(10)
class ObjectPoolExampleTest {

  @Test
  void objectPool() throws Exception {
    assertThat(ExamplesTest.run("object-pool"))
        .containsExactly(
            "part 1: get, use, put, get again",
            "  formatted: GET /index.html 200",
            "  same builder back: true, length after reset: 0",
            "part 2: 8 threads format 4000 lines",
            "  characters formatted: " + (4000 * "worker=0 line=0".length()),
            "  builders made: fewer than 100 for 4000 lines: true",
            "part 3: a pool keeps a bounded number of idle objects",
            "  put 500 buffers; idle now within the bound: true, dropped: true",
            "  after clear(): idle 0");
  }
}
