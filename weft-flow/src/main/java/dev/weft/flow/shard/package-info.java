/** {@code ShardedMap}: a map striped over independently locked shards. */
package dev.weft.flow.shard;
