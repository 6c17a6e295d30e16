/**
 * {@link dev.weft.flow.shard.ShardedMap}: a map striped over independently locked shards (lock
 * striping), with atomic per-key operations and an atomic whole-map snapshot.
 */
package dev.weft.flow.shard;
