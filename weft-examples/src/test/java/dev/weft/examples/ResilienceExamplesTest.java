package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The weft-resilience examples run to completion and print the lines that show their policy. */
@Timeout(20)
class ResilienceExamplesTest {

  @Test
  void rateLimit() throws Exception {
    assertThat(ExamplesTest.run("rate-limit"))
        .containsExactly(
            "5 requests per second, bursts of 3; fake clock",
            "     time  token bucket                gcra",
            "     0 ms  admitted                    admitted",
            "     0 ms  admitted                    admitted",
            "     0 ms  admitted                    admitted",
            "     0 ms  limited, retry in 200 ms    limited, retry in 200 ms",
            "     0 ms  limited, retry in 200 ms    limited, retry in 200 ms",
            "   100 ms  limited, retry in 100 ms    limited, retry in 100 ms",
            "   200 ms  admitted                    admitted",
            "   300 ms  limited, retry in 100 ms    limited, retry in 100 ms",
            "   400 ms  admitted                    admitted",
            "   500 ms  limited, retry in 100 ms    limited, retry in 100 ms",
            "   600 ms  admitted                    admitted",
            "  1650 ms  admitted                    admitted",
            "  1650 ms  admitted                    admitted",
            "  1650 ms  admitted                    admitted",
            "  1650 ms  limited, retry in 150 ms    limited, retry in 200 ms");
  }
}
