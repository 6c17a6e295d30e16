/** {@code WorkerPool}: bounded concurrency over virtual threads, with a bounded, zero or unbounded queue, results, groups, retries, resize and graceful or hard stop. */
package dev.weft.flow.pool;
