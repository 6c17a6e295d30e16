/**
 * Runs {@link dev.weft.mapreduce.MapReduceJob}s on a Hazelcast cluster: {@link
 * dev.weft.mapreduce.hazelcast.HazelcastEngine} translates a job into a Jet pipeline and gives the
 * output {@link dev.weft.mapreduce.LocalEngine} gives; {@link
 * dev.weft.mapreduce.hazelcast.HazelcastMember} and {@link dev.weft.mapreduce.hazelcast.SubmitJob}
 * start a member and submit a word count from the command line.
 */
package dev.weft.mapreduce.hazelcast;
