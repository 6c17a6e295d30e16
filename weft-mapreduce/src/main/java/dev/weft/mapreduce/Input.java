package dev.weft.mapreduce;

import dev.weft.chan.ReceiveChannel;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Where a job's records come from.
 *
 * <ul>
 *   <li>{@link #lines(List)}: text files read as UTF-8 lines. Each file is cut into byte ranges
 *       (splits) at no particular byte; a split that starts inside a line skips to the next line,
 *       and the split before it reads past its end to finish that line, so every line is read
 *       exactly once. Lines end with {@code \n} or {@code \r\n}; a last line without a newline
 *       counts; an empty file has no records.
 *   <li>{@link #of(Collection)}: the elements of a collection, copied when the input is made, cut
 *       into index ranges.
 *   <li>{@link #channel(ReceiveChannel)}: every value received from a weft channel until it is
 *       closed. Workers receive from it directly, so there are no splits to steal; the job ends
 *       when the channel is closed and drained.
 * </ul>
 *
 * @param <R> the record type
 */
public sealed interface Input<R> {

  /**
   * The lines of text files, in UTF-8.
   *
   * @param files the files, not empty; each is opened when the job runs
   * @return the input
   * @throws IllegalArgumentException if {@code files} is empty
   * @throws NullPointerException if {@code files} or an element is null
   */
  static Input<String> lines(List<Path> files) {
    return new Lines(files);
  }

  /**
   * The lines of text files, in UTF-8.
   *
   * @param files the files, at least one
   * @return the input
   * @throws IllegalArgumentException if there is no file
   * @throws NullPointerException if an element is null
   */
  static Input<String> lines(Path... files) {
    return new Lines(List.of(files));
  }

  /**
   * The elements of a collection, copied now.
   *
   * @param items the records; no element may be null
   * @param <R> the record type
   * @return the input
   * @throws NullPointerException if {@code items} or an element is null
   */
  static <R> Input<R> of(Collection<? extends R> items) {
    return new Items<>(List.copyOf(items));
  }

  /**
   * The values received from a channel until it is closed.
   *
   * @param channel the channel; the job reads it once
   * @param <R> the record type
   * @return the input
   * @throws NullPointerException if {@code channel} is null
   */
  static <R> Input<R> channel(ReceiveChannel<R> channel) {
    return new FromChannel<>(channel);
  }

  /**
   * Text files read as lines.
   *
   * @param files the files
   */
  record Lines(List<Path> files) implements Input<String> {
    /**
     * Validates and copies the list.
     *
     * @param files the files
     * @throws IllegalArgumentException if {@code files} is empty
     * @throws NullPointerException if {@code files} or an element is null
     */
    public Lines {
      files = List.copyOf(files);
      if (files.isEmpty()) throw new IllegalArgumentException("Input: no files");
    }
  }

  /**
   * The elements of a list.
   *
   * @param items the records
   * @param <R> the record type
   */
  record Items<R>(List<R> items) implements Input<R> {
    /**
     * Copies the list.
     *
     * @param items the records
     * @throws NullPointerException if {@code items} or an element is null
     */
    public Items {
      items = List.copyOf(items);
    }
  }

  /**
   * The values of a channel.
   *
   * @param channel the channel
   * @param <R> the record type
   */
  record FromChannel<R>(ReceiveChannel<R> channel) implements Input<R> {
    /**
     * Validates the channel.
     *
     * @param channel the channel
     * @throws NullPointerException if {@code channel} is null
     */
    public FromChannel {
      Objects.requireNonNull(channel, "Input: channel is null");
    }
  }
}
