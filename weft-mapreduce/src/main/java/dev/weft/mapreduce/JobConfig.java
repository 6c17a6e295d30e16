package dev.weft.mapreduce;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link LocalEngine} runs jobs: an immutable value validated when made. Start from {@link
 * #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param parallelism how many workers map and merge at once (one per core is right for a
 *     CPU-bound map), positive
 * @param container where intermediate pairs are kept while mapping
 * @param memoryBudget the bytes of intermediate data the workers may hold, estimated, before they
 *     spill sorted runs to disk; at least 64 KiB
 * @param maxRecordLength the longest line, in bytes, a file input may hold; a longer one is
 *     malformed; positive
 * @param spillDirectory where spill runs are written; each job makes and deletes a directory of
 *     its own inside it
 * @param malformedPolicy what to do with malformed records
 * @param splitSize the bytes (files) or elements (collections) per split; 0 to size splits from
 *     the input and the parallelism; not negative
 * @param partitions how many partitions are merged and reduced in parallel; 0 for four per
 *     worker; not negative
 * @param mergeFanIn the most spill runs merged at once, which bounds the files a merge holds
 *     open; with more runs than this, runs are first merged into fewer; at least 2
 */
public record JobConfig(
    int parallelism,
    Container container,
    long memoryBudget,
    int maxRecordLength,
    Path spillDirectory,
    MalformedPolicy malformedPolicy,
    long splitSize,
    int partitions,
    int mergeFanIn) {

  /**
   * Validates the configuration.
   *
   * @throws IllegalArgumentException if a number is out of range
   * @throws NullPointerException if an object is null
   */
  public JobConfig {
    if (parallelism <= 0) {
      throw new IllegalArgumentException("JobConfig: parallelism must be positive: " + parallelism);
    }
    Objects.requireNonNull(container, "JobConfig: container is null");
    if (memoryBudget < 64 * 1024) {
      throw new IllegalArgumentException("JobConfig: memory budget below 64 KiB: " + memoryBudget);
    }
    if (maxRecordLength <= 0) {
      throw new IllegalArgumentException(
          "JobConfig: max record length must be positive: " + maxRecordLength);
    }
    Objects.requireNonNull(spillDirectory, "JobConfig: spill directory is null");
    Objects.requireNonNull(malformedPolicy, "JobConfig: malformed policy is null");
    if (splitSize < 0) throw new IllegalArgumentException("JobConfig: negative split size: " + splitSize);
    if (partitions < 0) throw new IllegalArgumentException("JobConfig: negative partitions: " + partitions);
    if (mergeFanIn < 2) throw new IllegalArgumentException("JobConfig: merge fan-in below 2: " + mergeFanIn);
  }

  /**
   * One worker per available processor, the automatic container, a quarter of the maximum heap as
   * budget, records of up to 1 MiB, spills under {@code java.io.tmpdir}, failing on malformed
   * records, automatic split size and partition count, and up to 64 spill runs merged at once.
   *
   * @return the default configuration
   */
  public static JobConfig defaults() {
    return new JobConfig(
        Runtime.getRuntime().availableProcessors(),
        Container.auto(),
        Math.max(64 * 1024, Runtime.getRuntime().maxMemory() / 4),
        1 << 20,
        Path.of(System.getProperty("java.io.tmpdir")),
        MalformedPolicy.fail(),
        0,
        0,
        64);
  }

  /**
   * This configuration with another parallelism.
   *
   * @param n the number of workers, positive
   * @return a new configuration
   * @throws IllegalArgumentException if {@code n} is not positive
   */
  public JobConfig withParallelism(int n) {
    return new JobConfig(n, container, memoryBudget, maxRecordLength, spillDirectory, malformedPolicy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another container.
   *
   * @param c the container
   * @return a new configuration
   * @throws NullPointerException if {@code c} is null
   */
  public JobConfig withContainer(Container c) {
    return new JobConfig(parallelism, c, memoryBudget, maxRecordLength, spillDirectory, malformedPolicy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another memory budget.
   *
   * @param bytes the budget, at least 64 KiB
   * @return a new configuration
   * @throws IllegalArgumentException if {@code bytes} is below 64 KiB
   */
  public JobConfig withMemoryBudget(long bytes) {
    return new JobConfig(parallelism, container, bytes, maxRecordLength, spillDirectory, malformedPolicy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another maximum record length.
   *
   * @param bytes the longest line, positive
   * @return a new configuration
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public JobConfig withMaxRecordLength(int bytes) {
    return new JobConfig(parallelism, container, memoryBudget, bytes, spillDirectory, malformedPolicy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another spill directory.
   *
   * @param dir the directory
   * @return a new configuration
   * @throws NullPointerException if {@code dir} is null
   */
  public JobConfig withSpillDirectory(Path dir) {
    return new JobConfig(parallelism, container, memoryBudget, maxRecordLength, dir, malformedPolicy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another malformed-record policy.
   *
   * @param policy the policy
   * @return a new configuration
   * @throws NullPointerException if {@code policy} is null
   */
  public JobConfig withMalformedPolicy(MalformedPolicy policy) {
    return new JobConfig(parallelism, container, memoryBudget, maxRecordLength, spillDirectory, policy, splitSize, partitions, mergeFanIn);
  }

  /**
   * This configuration with another split size.
   *
   * @param size bytes or elements per split, or 0 for automatic
   * @return a new configuration
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public JobConfig withSplitSize(long size) {
    return new JobConfig(parallelism, container, memoryBudget, maxRecordLength, spillDirectory, malformedPolicy, size, partitions, mergeFanIn);
  }

  /**
   * This configuration with another partition count.
   *
   * @param n the partitions, or 0 for automatic
   * @return a new configuration
   * @throws IllegalArgumentException if {@code n} is negative
   */
  public JobConfig withPartitions(int n) {
    return new JobConfig(parallelism, container, memoryBudget, maxRecordLength, spillDirectory, malformedPolicy, splitSize, n, mergeFanIn);
  }

  /**
   * This configuration with another merge fan-in.
   *
   * @param n the most spill runs merged at once, at least 2
   * @return a new configuration
   * @throws IllegalArgumentException if {@code n} is below 2
   */
  public JobConfig withMergeFanIn(int n) {
    return new JobConfig(
        parallelism, container, memoryBudget, maxRecordLength, spillDirectory, malformedPolicy, splitSize, partitions, n);
  }
}
