package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The nil-channel-select and dynamic-select examples run to completion and print deterministic lines. */
@Timeout(10)
class SelectExamplesTest {

  @Test
  void nilChannelSelect() throws Exception {
    assertThat(ExamplesTest.run("nil-channel-select"))
        .containsExactly(
            "part 1: a closed input is ready on every round",
            "  round 1: closed input: Closed[]",
            "  round 2: closed input: Closed[]",
            "  round 3: closed input: Closed[]",
            "  after disable(0): nothing ready",
            "part 2: merge inputs a, b, c (2, 4 and 3 values)",
            "  merged: {a=[a1, a2], b=[b1, b2, b3, b4], c=[c1, c2, c3]}",
            "  disabled when closed: [a, b, c]",
            "  rounds: 12, enabled clauses left: 0");
  }

  @Test
  void dynamicSelect() throws Exception {
    assertThat(ExamplesTest.run("dynamic-select"))
        .containsExactly(
            "part 1: one select over 4 sensors",
            "  attic: [30, 31]",
            "  boiler: [10]",
            "  cellar: [40, 41, 42]",
            "  garage: [20, 21]",
            "part 2: dispatch 9 jobs over 3 workers",
            "  dispatched: 9, sum of the job numbers the workers got: 45 (1 + 2 + ... + 9 = 45: each job"
                + " exactly once)");
  }
}
