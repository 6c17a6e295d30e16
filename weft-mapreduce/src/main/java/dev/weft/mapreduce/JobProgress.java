package dev.weft.mapreduce;

import java.time.Duration;

/**
 * A snapshot of a running job, taken by {@link JobHandle#progress()}. The counters are read
 * without stopping the workers: each is exact for the moment it was read, not all for the same
 * moment.
 *
 * @param phase what the job is doing
 * @param bytesRead bytes read from files so far
 * @param totalBytes the size of all input files (0 for other inputs)
 * @param records records mapped so far
 * @param elapsed time since the job started
 */
public record JobProgress(
    JobProgress.Phase phase, long bytesRead, long totalBytes, long records, Duration elapsed) {

  /** The phases of a job, in order. */
  public enum Phase {
    /** Mapping a sample to choose the container. */
    SAMPLING,
    /** Mapping the splits. */
    MAPPING,
    /** Merging partitions, reducing and ordering. */
    MERGING,
    /** Finished, failed or cancelled. */
    DONE
  }

  /**
   * Bytes read per second since the start.
   *
   * @return the read rate, 0 before any time has passed
   */
  public double bytesPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos == 0 ? 0 : bytesRead * 1e9 / nanos;
  }

  /**
   * Records mapped per second since the start.
   *
   * @return the record rate, 0 before any time has passed
   */
  public double recordsPerSecond() {
    long nanos = elapsed.toNanos();
    return nanos == 0 ? 0 : records * 1e9 / nanos;
  }
}
