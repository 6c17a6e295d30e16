/**
 * weft-flow: the production patterns built on weft-core's primitives.
 *
 * <ul>
 *   <li>{@code dev.weft.flow.pool}: {@code WorkerPool}
 *   <li>{@code dev.weft.flow.pipeline}: {@code Pipeline}
 *   <li>{@code dev.weft.flow.fan}: {@code Fan} (merge, split, tee)
 *   <li>{@code dev.weft.flow.pubsub}: {@code Broker}, {@code RingBuffer}
 *   <li>{@code dev.weft.flow.workqueue}: {@code WorkQueue}, rate limiters, {@code Reconciler}
 *   <li>{@code dev.weft.flow.priority}: priority work with a minimum share per level
 *   <li>{@code dev.weft.flow.shard}: {@code ShardedMap}
 * </ul>
 */
module dev.weft.flow {
  requires transitive dev.weft.core;

  // Each API package is exported here once it has its types (one line per package, in this order:
  // pool, pipeline, fan, pubsub, workqueue, priority, shard).
  exports dev.weft.flow.pubsub;
  exports dev.weft.flow.priority;
  exports dev.weft.flow.shard;

}
