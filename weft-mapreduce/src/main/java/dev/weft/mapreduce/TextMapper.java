package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * A map function over the UTF-8 bytes of text lines, for jobs with {@code String} keys and {@code
 * long} values (word count and its kin): it reads a {@link Text} and emits keys as byte ranges of
 * it, so that mapping a line allocates nothing while its keys are already known. Built with {@link
 * MapReduceJob.Builder#mapTextToLong}.
 *
 * <p>The local engine reads the lines of an {@link Input#lines} input as bytes and hands them to
 * this function directly. For any other input, and on engines that work with {@code String}
 * records, each line is encoded to UTF-8 first: the output is the same. Same contract as {@link
 * Mapper} otherwise: called from several threads, possibly on a sample first, free of side
 * effects.
 */
@FunctionalInterface
public interface TextMapper extends Serializable {

  /**
   * Maps one line.
   *
   * @param line the line's bytes; valid only during this call
   * @param out where to emit pairs; valid only during this call
   * @throws Exception to fail the job ({@link MalformedRecordException}: to apply the policy)
   */
  void map(Text line, TextEmitter out) throws Exception;
}
