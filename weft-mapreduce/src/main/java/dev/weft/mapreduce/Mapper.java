package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * The map function of a job: turns one input record into any number of intermediate pairs.
 *
 * <p>It is called from several worker threads at once, and, when the job's container is chosen
 * automatically, also on a sample of the input before the run: it must be free of side effects
 * other than its emits. It may throw {@link MalformedRecordException} to hand the record to the
 * job's {@link MalformedPolicy}; any other exception fails the job, naming the split and the
 * record's position.
 *
 * @param <R> the record type
 * @param <K> the intermediate key type
 * @param <V> the intermediate value type
 */
@FunctionalInterface
public interface Mapper<R, K, V> extends Serializable {

  /**
   * Maps one record.
   *
   * @param record the record
   * @param out where to emit pairs; valid only during this call
   * @throws Exception to fail the job ({@link MalformedRecordException}: to apply the policy)
   */
  void map(R record, Emitter<K, V> out) throws Exception;
}
