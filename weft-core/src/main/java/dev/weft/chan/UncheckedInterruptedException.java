package dev.weft.chan;

/**
 * Thrown by weft APIs that cannot declare {@link InterruptedException} (iterators, streams) when
 * the thread is interrupted while they wait. The interrupt status is restored before it is thrown;
 * the original {@link InterruptedException} is the cause.
 */
public final class UncheckedInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Wraps {@code cause}; the caller must already have restored the interrupt status.
   *
   * @param cause the interruption
   */
  public UncheckedInterruptedException(InterruptedException cause) {
    super(cause.getMessage() == null ? "interrupted" : cause.getMessage(), cause);
  }

  @Override
  public InterruptedException getCause() {
    return (InterruptedException) super.getCause();
  }
}
