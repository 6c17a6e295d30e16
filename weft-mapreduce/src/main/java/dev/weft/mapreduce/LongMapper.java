package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * The map function of a job whose values are {@code long}s (counts, sums): turns one record into
 * any number of {@code (key, long)} pairs without boxing the values. Same contract as {@link
 * Mapper}: called from several threads, possibly on a sample first, free of side effects.
 *
 * @param <R> the record type
 * @param <K> the intermediate key type
 */
@FunctionalInterface
public interface LongMapper<R, K> extends Serializable {

  /**
   * Maps one record.
   *
   * @param record the record
   * @param out where to emit pairs; valid only during this call
   * @throws Exception to fail the job ({@link MalformedRecordException}: to apply the policy)
   */
  void map(R record, LongEmitter<K> out) throws Exception;
}
