/**
 * JMH suites for weft-flow: {@code WorkerPool} against the JDK's executors, a 3-stage {@code
 * Pipeline} against a hand-written {@code BlockingQueue} pipeline and {@code java.util.stream}, and
 * {@code ShardedMap} against {@code ConcurrentHashMap}. weft and its peers are values of the {@code
 * impl} parameter so that they share one run. Scores are nanoseconds per task, item or map
 * operation. Run them with {@code weft-bench/run-flow.sh}, which writes {@code
 * weft-bench/results/flow.md}.
 */
package dev.weft.bench.flow;
