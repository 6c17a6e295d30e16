/** {@code Pipeline}: stages with their own parallelism joined by bounded buffers (backpressure), with per-stage metrics and first-error cancellation. */
package dev.weft.flow.pipeline;
