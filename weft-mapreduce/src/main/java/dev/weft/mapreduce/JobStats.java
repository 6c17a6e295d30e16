package dev.weft.mapreduce;

import java.time.Duration;

/**
 * What a finished job did.
 *
 * @param bytesRead bytes read from files (0 for other inputs)
 * @param records records mapped, malformed ones included
 * @param emitted pairs emitted by the map function
 * @param malformedRecords records skipped (and dead-lettered) under the malformed policy
 * @param keys distinct keys reduced
 * @param splits splits the input was cut into
 * @param stolenSplits splits a worker took from another worker's queue
 * @param spillRuns sorted runs written to disk
 * @param spilledBytes bytes written to disk in spill runs
 * @param mergedRuns runs written by merging spill runs into fewer, when there were more than the
 *     merge fan-in ({@link JobConfig#mergeFanIn()})
 * @param container the container the job used (the choice, when it was automatic)
 * @param sampleTime time spent mapping a sample to choose the container
 * @param mapTime time from the first split taken to the last split mapped
 * @param mergeTime time spent merging partitions, reducing and ordering the output
 * @param totalTime the whole run
 */
public record JobStats(
    long bytesRead,
    long records,
    long emitted,
    long malformedRecords,
    long keys,
    int splits,
    int stolenSplits,
    int spillRuns,
    long spilledBytes,
    int mergedRuns,
    Container container,
    Duration sampleTime,
    Duration mapTime,
    Duration mergeTime,
    Duration totalTime) {}
