package dev.weft.chan;

/** Shared instances of the value-less receive results. */
final class Results {
  private static final ReceiveResult.Closed<?> CLOSED = new ReceiveResult.Closed<>();
  private static final ReceiveResult.Empty<?> EMPTY = new ReceiveResult.Empty<>();
  private static final ReceiveResult.TimedOut<?> TIMED_OUT = new ReceiveResult.TimedOut<>();

  private Results() {}

  @SuppressWarnings("unchecked")
  static <E> ReceiveResult<E> closed() {
    return (ReceiveResult<E>) CLOSED;
  }

  @SuppressWarnings("unchecked")
  static <E> ReceiveResult<E> empty() {
    return (ReceiveResult<E>) EMPTY;
  }

  @SuppressWarnings("unchecked")
  static <E> ReceiveResult<E> timedOut() {
    return (ReceiveResult<E>) TIMED_OUT;
  }
}
