package dev.weft.chan;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Receives until the channel is closed and drained; see {@link ReceiveChannel#iterator()}. */
final class ChannelIterator<E> implements Iterator<E> {
  private final ReceiveChannel<E> channel;
  private E next;
  private boolean finished;

  ChannelIterator(ReceiveChannel<E> channel) {
    this.channel = channel;
  }

  static <E> Stream<E> stream(ReceiveChannel<E> channel) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new ChannelIterator<>(channel), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  @Override
  public boolean hasNext() {
    if (next != null) return true;
    if (finished) return false;
    ReceiveResult<E> r;
    try {
      r = channel.receiveResult();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedInterruptedException(e);
    }
    if (r instanceof ReceiveResult.Value<E>(E v)) {
      next = v;
      return true;
    }
    finished = true;
    return false;
  }

  @Override
  public E next() {
    if (!hasNext()) throw new NoSuchElementException("Channel: closed and drained");
    E v = next;
    next = null;
    return v;
  }
}
