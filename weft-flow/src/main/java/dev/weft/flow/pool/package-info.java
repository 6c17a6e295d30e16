/**
 * {@code WorkerPool}: bounded concurrency over weft virtual threads, with a bounded, zero or
 * unbounded queue, results, groups, retries, resize and graceful or hard stop.
 *
 * <ul>
 *   <li>{@link dev.weft.flow.pool.WorkerPool}: the pool; made from a {@link
 *       dev.weft.flow.pool.PoolConfig} ({@link dev.weft.flow.pool.QueueKind}, blocked-submitter cap,
 *       idle timeout, {@link dev.weft.flow.pool.FailurePolicy}, clock).
 *   <li>{@link dev.weft.flow.pool.TaskHandle}: weft's future for one task, with its {@link
 *       dev.weft.flow.pool.TaskState} and non-throwing {@link dev.weft.flow.pool.TaskOutcome};
 *       {@link dev.weft.flow.pool.TaskOptions} add a timeout and retries; a {@link
 *       dev.weft.task.ContextTask} receives its own context.
 *   <li>{@link dev.weft.flow.pool.SubmitResult} and {@link dev.weft.flow.pool.RejectReason}: what
 *       {@code trySubmit} did; {@link dev.weft.flow.pool.RejectedException} is what a blocking
 *       {@code submit} throws instead.
 *   <li>{@link dev.weft.flow.pool.ResultGroup}: results in submission order, first error cancels
 *       the rest, or (a collecting group) every outcome of every task; {@code WorkerPool.map} and
 *       {@code mapUnordered} are built on it. {@code TaskHandle.toCompletableFuture()} bridges to
 *       {@link java.util.concurrent.CompletableFuture}.
 *   <li>{@link dev.weft.flow.pool.PoolMetrics} and {@link dev.weft.flow.pool.StopReport}: what the
 *       pool did.
 * </ul>
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects".
 *
 * <p><b>Design notes.</b> A task's retries run on the worker that ran it, which waits out the
 * back-off (so a retrying task keeps its slot, and the limit always bounds the work in progress).
 * A sub-pool has no threads of its own: its workers are jobs in its parent's queue, so its tasks
 * run on, and count against, the parent's workers. Cancelling a running task interrupts it and
 * waits for its code to return before it counts as ended, so no await can return while the task's
 * code still runs.
 */
package dev.weft.flow.pool;
