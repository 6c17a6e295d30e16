/**
 * Work queues with client-go semantics and the reconcile loop of a Kubernetes-style controller.
 *
 * <ul>
 *   <li>{@link dev.weft.flow.workqueue.WorkQueue}: a FIFO of keys that deduplicates (a key is
 *       queued at most once), never hands one key to two workers at the same time (a key added
 *       while in flight is queued again when it is done), adds keys after a delay ({@code
 *       addAfter}, the earliest ready time wins) or after a back-off its requeue limiter gives
 *       ({@code requeue}, {@code forget}, {@code numRequeues}), and shuts down with or without
 *       waiting for the keys in flight. {@link dev.weft.flow.workqueue.GetResult} is what a get
 *       returns.
 *   <li>{@link dev.weft.flow.workqueue.RequeueLimiter}: how long a requeued key waits (client-go's
 *       workqueue rate limiters): per-key exponential back-off, an overall token bucket, the
 *       maximum of several, and client-go's default controller limiter.
 *   <li>{@link dev.weft.flow.workqueue.Reconciler}: N workers calling a {@link
 *       dev.weft.flow.workqueue.ReconcileFunction} per key, retrying failures up to a limit ({@link
 *       dev.weft.flow.workqueue.ReconcilerOptions}), reporting drops to a {@link
 *       dev.weft.flow.workqueue.DropHandler}, honouring {@link
 *       dev.weft.flow.workqueue.ReconcileResult} requeue requests, counting in {@link
 *       dev.weft.flow.workqueue.ReconcilerMetrics}.
 * </ul>
 *
 * <p>Time is injectable: a queue measures delays, and a token bucket refills, on the {@code
 * dev.weft.time.Clock} it was given, so tests use a {@code FakeClock}.
 *
 * <p><b>Happens-before terms.</b> As in {@code java.util.concurrent}: if action A
 * <i>happens-before</i> action B, the effects of A are visible to the thread performing B. Each
 * class states its edges under "Memory consistency effects".
 */
package dev.weft.flow.workqueue;
