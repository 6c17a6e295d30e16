package dev.weft.mapreduce;

/**
 * A job failed: a map or reduce function threw, a malformed record met the failing policy, an
 * input file could not be read, or a spill run could not be written. The message names the split
 * (file and byte range, or index range) and the record's position, or the key; the cause is the
 * original exception.
 */
public final class JobFailedException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed and where
   * @param cause the original exception, or null
   */
  public JobFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
