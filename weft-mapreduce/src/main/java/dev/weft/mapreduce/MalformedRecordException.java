package dev.weft.mapreduce;

/**
 * Thrown by a map function to declare its record malformed, so that the job's {@link
 * MalformedPolicy} decides what happens: fail the job, skip and count the record, or write it to
 * a dead-letter file. The engine raises it itself for a record longer than {@link
 * JobConfig#maxRecordLength()} and for a line that is not valid UTF-8.
 */
public final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the record
   */
  public MalformedRecordException(String message) {
    super(message);
  }
}
