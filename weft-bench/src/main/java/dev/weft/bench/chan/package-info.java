/**
 * JMH suites for channels: one class per shape, weft and its peers as values of the {@code impl}
 * parameter so that they share one run.
 *
 * <p>Every score is nanoseconds per message: per send+receive pair for the two-party shapes, per
 * {@code trySend}+{@code tryReceive} for the non-blocking shape, per {@code select} for the timed
 * shape. A benchmark method moves a batch of messages and declares the batch size with
 * {@code @OperationsPerInvocation}. Producers and consumers are virtual threads (weft, jox, JDK) or
 * coroutines on {@code Dispatchers.Default} (Kotlin, through {@code KotlinShapes}). Messages are one
 * preallocated object, so {@code gc.alloc.rate.norm} is what the channel itself allocates (plus
 * thread or coroutine start-up, spread over the batch).
 *
 * <p>Run them with {@code weft-bench/run-channels.sh}, which also runs the Go versions of the same
 * shapes and writes {@code weft-bench/results/channels.md}.
 */
package dev.weft.bench.chan;
