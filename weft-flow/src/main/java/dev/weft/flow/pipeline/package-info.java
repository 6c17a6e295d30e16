/**
 * {@code Pipeline}: streaming stages with their own parallelism joined by bounded buffers
 * (backpressure), first-error cancellation and per-stage metrics.
 *
 * <ul>
 *   <li>{@link dev.weft.flow.pipeline.Pipeline}: the immutable builder (sources, stages, sinks);
 *   <li>{@link dev.weft.flow.pipeline.RunnablePipeline}: a complete pipeline, {@code run} or
 *       {@code start} it with a {@link dev.weft.context.Context};
 *   <li>{@link dev.weft.flow.pipeline.PipelineRun}: the handle of one run ({@code await}, {@code
 *       cancel}, {@code metrics});
 *   <li>{@link dev.weft.flow.pipeline.StageOptions}: parallelism, buffer, ordering and error policy
 *       of a stage, and whether it may be fused onto one thread with its neighbours;
 *   <li>{@link dev.weft.flow.pipeline.ErrorPolicy}: fail the run, skip the item, or send it (as a
 *       {@link dev.weft.flow.pipeline.FailedItem}) to a dead-letter sink when a stage's function
 *       throws;
 *   <li>{@link dev.weft.flow.pipeline.StageMetrics}: one stage's counters and how to read them;
 *   <li>{@link dev.weft.flow.pipeline.PipelineException}: the first failure, naming its stage.
 * </ul>
 *
 * <p>Happens-before is used in the sense of {@code java.util.concurrent}; each type states its
 * edges under "Memory consistency effects".
 */
package dev.weft.flow.pipeline;
