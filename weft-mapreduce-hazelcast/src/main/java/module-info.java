/**
 * weft-mapreduce-hazelcast: runs weft-mapreduce jobs as Hazelcast Jet pipelines on a cluster.
 *
 * <ul>
 *   <li>{@code dev.weft.mapreduce.hazelcast}: {@code HazelcastEngine}, the {@code Engine} that
 *       submits a job to a cluster, and the command-line mains {@code HazelcastMember} and {@code
 *       SubmitJob}
 * </ul>
 */
module dev.weft.mapreduce.hazelcast {
  requires transitive dev.weft.mapreduce;
  requires transitive com.hazelcast.core;
  requires java.logging; // SubmitJob quiets the client's INFO lines

  exports dev.weft.mapreduce.hazelcast;
}
