package dev.weft.chan.lincheck;

import dev.weft.chan.ReceiveResult;
import dev.weft.chan.SendResult;
import java.util.ArrayDeque;

/**
 * The sequential specification of a channel's non-blocking operations: a bounded FIFO queue with a
 * closed flag. For capacity 0 (rendezvous) no receiver ever waits in a non-blocking-only history,
 * so {@code trySend} is never accepted.
 */
public class ChannelModel {
  /** What {@code close()} returns when the channel was already closed. */
  public static final String ALREADY_CLOSED = "IllegalStateException";

  /** What {@code close()} returns when it closed the channel. */
  public static final String CLOSED_NOW = "closed";

  private final int capacity;
  private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
  private boolean closed;

  protected ChannelModel(int capacity) {
    this.capacity = capacity;
  }

  public SendResult trySend(int v) {
    if (closed) return new SendResult.Closed();
    if (buffer.size() == capacity) return new SendResult.Full();
    buffer.addLast(v);
    return new SendResult.Sent();
  }

  public ReceiveResult<Integer> tryReceive() {
    Integer v = buffer.pollFirst();
    if (v != null) return new ReceiveResult.Value<>(v);
    return closed ? new ReceiveResult.Closed<>() : new ReceiveResult.Empty<>();
  }

  public String close() {
    if (closed) return ALREADY_CLOSED;
    closed = true;
    return CLOSED_NOW;
  }

  public int len() {
    return buffer.size();
  }

  public boolean isClosedForSend() {
    return closed;
  }

  public boolean isClosedForReceive() {
    return closed && buffer.isEmpty();
  }
}
