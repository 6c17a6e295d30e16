package dev.weft.mapreduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The output of a job and what it cost.
 *
 * @param entries one entry per key (or the first k), in the job's {@link Output} order; immutable
 * @param stats what the job did
 * @param <K> the key type
 * @param <O> the output value type
 */
public record JobResult<K, O>(List<Map.Entry<K, O>> entries, JobStats stats) {

  /**
   * Copies the entries.
   *
   * @throws NullPointerException if an argument or an entry is null
   */
  public JobResult {
    entries = List.copyOf(entries);
    Objects.requireNonNull(stats, "JobResult: stats is null");
  }

  /**
   * The entries as a map that iterates in the order of {@link #entries()}.
   *
   * @return a new mutable map
   */
  public Map<K, O> toMap() {
    Map<K, O> m = new LinkedHashMap<>();
    for (Map.Entry<K, O> e : entries) m.put(e.getKey(), e.getValue());
    return m;
  }
}
