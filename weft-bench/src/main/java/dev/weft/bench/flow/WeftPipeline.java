package dev.weft.bench.flow;

import dev.weft.context.Context;
import dev.weft.flow.pipeline.Pipeline;
import dev.weft.flow.pipeline.StageOptions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * weft's {@link Pipeline} in {@link PipelineBenchmark}: parse, compute, sum with parallelism 1
 * (fused onto one thread); and the CPU-heavy shape, two unordered stages with parallelism 2.
 */
final class WeftPipeline {

  private WeftPipeline() {}

  static long run(List<String> input, int buffer) throws InterruptedException {
    StageOptions one = StageOptions.defaults().withBuffer(buffer);
    return Pipeline.from(input)
        .map("parse", PipelineBenchmark::parse, one)
        .map("compute", PipelineBenchmark::compute, one)
        .collect(Collectors.summingLong(Long::longValue))
        .run(Context.background());
  }

  static long runHeavy(List<String> input, int buffer) throws InterruptedException {
    StageOptions two = StageOptions.parallel(2).withBuffer(buffer).unordered();
    return Pipeline.from(input)
        .map("parse", PipelineBenchmark::heavyParse, two)
        .map("square", PipelineBenchmark::heavySquare, two)
        .collect(Collectors.summingLong(Long::longValue))
        .run(Context.background());
  }
}
