/**
 * weft-flow: the production patterns built on weft-core's primitives.
 *
 * <ul>
 *   <li>{@code dev.weft.flow.pool}: {@code WorkerPool}
 *   <li>{@code dev.weft.flow.pipeline}: {@code Pipeline}
 *   <li>{@code dev.weft.flow.fan}: {@code Fan} (merge, split, tee)
 *   <li>{@code dev.weft.flow.pubsub}: {@code Broker}
 *   <li>{@code dev.weft.flow.queue}: {@code RingBuffer}, {@code PriorityWorkQueue}
 *   <li>{@code dev.weft.flow.workqueue}: {@code WorkQueue}, requeue limiters, {@code Reconciler}
 *   <li>{@code dev.weft.flow.shard}: {@code ShardedMap}
 * </ul>
 */
module dev.weft.flow {
  requires transitive dev.weft.core;

  exports dev.weft.flow.pool;
  exports dev.weft.flow.pipeline;
  exports dev.weft.flow.fan;
  exports dev.weft.flow.pubsub;
  exports dev.weft.flow.queue;
  exports dev.weft.flow.workqueue;
  exports dev.weft.flow.shard;
}
