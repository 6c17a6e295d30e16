package dev.weft.chan.lincheck;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.SendResult;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The non-blocking operations of a {@link Channel} under test, in the shape of {@link
 * ChannelModel}: Lincheck calls these from its threads and compares the results with the model's.
 */
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public abstract class ChannelOps {
  private final Channel<Integer> ch;

  protected ChannelOps(int capacity) {
    this.ch = capacity == 0 ? Channel.unbuffered() : Channel.buffered(capacity);
  }

  @Operation
  public SendResult trySend(@Param(name = "value") int v) {
    return ch.trySend(v);
  }

  @Operation
  public ReceiveResult<Integer> tryReceive() {
    return ch.tryReceive();
  }

  @Operation
  public String close() {
    try {
      ch.close();
      return ChannelModel.CLOSED_NOW;
    } catch (IllegalStateException e) {
      return ChannelModel.ALREADY_CLOSED;
    }
  }

  @Operation
  public int len() {
    return ch.len();
  }

  @Operation
  public boolean isClosedForSend() {
    return ch.isClosedForSend();
  }

  @Operation
  public boolean isClosedForReceive() {
    return ch.isClosedForReceive();
  }
}
