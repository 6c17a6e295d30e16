package dev.weft.examples;

import dev.weft.context.Context;
import dev.weft.flow.pipeline.ErrorPolicy;
import dev.weft.flow.pipeline.Pipeline;
import dev.weft.flow.pipeline.PipelineException;
import dev.weft.flow.pipeline.PipelineRun;
import dev.weft.flow.pipeline.RunnablePipeline;
import dev.weft.flow.pipeline.StageMetrics;
import dev.weft.flow.pipeline.StageOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Pipeline: stages joined by bounded buffers, each with its own parallelism, and per-stage metrics
 * that show where the time goes.
 *
 * <p>An ETL job over 20 log lines: {@code parse} (one thread) turns a line into an event, {@code
 * enrich} (4 threads, about 4 ms per event: the slow, I/O-like step) looks up the user's region,
 * {@code valid} drops bot traffic, {@code batch} groups events by 5 (or whatever arrived within
 * 1 s), and the sink "writes" each batch. {@code enrich} is ordered, so although its four threads
 * finish out of order, events leave it, and reach the sink, in input order.
 *
 * <p>The metrics table is printed after the run. How to read it: {@code enrich} is the bottleneck,
 * so {@code parse} spends its time blocked <i>sending</i> (enrich's queue is full) and the stages
 * after it spend theirs blocked <i>receiving</i>. The wait times vary from run to run; the counts
 * do not.
 *
 * <p>Finally the same pipeline is run on input with a malformed line: {@code parse} throws, the
 * whole pipeline is cancelled, and {@code run} throws a {@code PipelineException} naming the stage.
 * Run once more with {@code ErrorPolicy.skip()} on {@code parse}, it drops that line, counts it in
 * the stage's metrics, and writes the others.
 */
final class PipelineExample implements Example {

  private static final Map<String, String> REGION = Map.of("ann", "eu", "bo", "us", "cy", "ap");

  record Event(int seq, String user, String action) {}

  record Enriched(Event event, String region) {
    @Override
    public String toString() {
      return event.seq + ":" + event.user + "@" + region;
    }
  }

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "parse -> enrich (4 threads, ordered) -> filter -> batch -> sink, with per-stage metrics";
  }

  @Override
  public String goIdiom() {
    return "Go's pipeline stages, `func(in <-chan T) <-chan U`, each closing its output when done";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    String[] users = {"ann", "bo", "cy", "bot"};
    List<String> lines =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> i + " " + users[i % users.length] + " " + (i % 3 == 0 ? "buy" : "view"))
            .toList();

    PipelineRun<Void> run = etl(lines, out, ErrorPolicy.fail()).start(Context.background());
    run.await();
    out.println("metrics:");
    StageMetrics.table(run.metrics()).lines().forEach(l -> out.println("  " + l));

    List<String> bad = List.of("0 ann view", "1 bo view", "oops", "3 cy buy");
    try {
      etl(bad, out, ErrorPolicy.fail()).run(Context.background());
    } catch (PipelineException e) {
      out.println("bad input: stage '" + e.stage() + "' failed: " + e.getCause().getMessage());
    }
    PipelineRun<Void> skipping = etl(bad, out, ErrorPolicy.skip()).start(Context.background());
    skipping.await();
    out.println("bad input with skip(): " + skipping.metrics().get(1).itemsFailed() + " line skipped");
  }

  private static RunnablePipeline<Void> etl(List<String> lines, PrintStream out, ErrorPolicy parseErrors) {
    return Pipeline.from(lines)
        .map("parse", PipelineExample::parse, StageOptions.defaults().withBuffer(4).withErrorPolicy(parseErrors))
        .map("enrich", PipelineExample::enrich, StageOptions.parallel(4).withBuffer(4))
        .filter("valid", e -> !e.region().equals("none"))
        .batch("batch", 5, Duration.ofSeconds(1))
        .forEach(batch -> out.println("write batch of " + batch.size() + ": " + batch));
  }

  private static Event parse(String line) {
    String[] f = line.split(" ", -1);
    if (f.length != 3) throw new IllegalArgumentException("malformed line '" + line + "'");
    return new Event(Integer.parseInt(f[0]), f[1], f[2]);
  }

  /** The slow step: a lookup taking 2 to 6 ms, varying per event, so threads finish out of order. */
  private static Enriched enrich(Event e) throws InterruptedException {
    Thread.sleep(2 + (e.seq * 7) % 5);
    return new Enriched(e, REGION.getOrDefault(e.user, "none"));
  }
}
