package dev.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The trace-context example tags every line of a request with that request's ID. */
@Timeout(10)
class TraceContextExampleTest {

  @Test
  void traceContext() throws Exception {
    assertThat(ExamplesTest.run("trace-context"))
        .containsExactly(
            "16 log lines from 2 requests, sorted:",
            "  [trace=req-a1] errgroup: fetched cart",
            "  [trace=req-a1] errgroup: fetched user",
            "  [trace=req-a1] pipeline: rendered header",
            "  [trace=req-a1] pipeline: rendered lines",
            "  [trace=req-a1] pool: priced item 1",
            "  [trace=req-a1] pool: priced item 2",
            "  [trace=req-a1] request accepted",
            "  [trace=req-a1] request done, total 30",
            "  [trace=req-b2] errgroup: fetched cart",
            "  [trace=req-b2] errgroup: fetched user",
            "  [trace=req-b2] pipeline: rendered header",
            "  [trace=req-b2] pipeline: rendered lines",
            "  [trace=req-b2] pool: priced item 1",
            "  [trace=req-b2] pool: priced item 2",
            "  [trace=req-b2] request accepted",
            "  [trace=req-b2] request done, total 30");
  }
}
