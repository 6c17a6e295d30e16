package dev.weft.chan;

/**
 * Shared instances of the value-less send results. Kept out of {@link SendResult} itself: an
 * interface with default methods whose constants are instances of its own nested records can
 * deadlock when two threads initialise the interface and a record at the same time.
 */
final class SendResults {
  static final SendResult SENT = new SendResult.Sent();
  static final SendResult CLOSED = new SendResult.Closed();
  static final SendResult FULL = new SendResult.Full();
  static final SendResult TIMED_OUT = new SendResult.TimedOut();

  private SendResults() {}
}
