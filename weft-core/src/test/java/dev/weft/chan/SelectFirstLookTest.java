package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fair select first looks at its clauses one channel at a time, without locking a buffered
 * channel that has a value (or a free slot) and nobody to wake: so a ready buffered clause fires
 * while another thread holds that channel's lock. Holding every lock at once, as the select's
 * waiting look does, would make these selects spin until the lock is released.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SelectFirstLookTest {

  @Test
  void aReadyBufferedReceiveFiresWithoutTheChannelsLock() throws InterruptedException {
    Channel<String> buffered = Channel.buffered(2);
    Channel<String> idle = Channel.unbuffered();
    buffered.send("v");
    String got =
        whileLocked(
            buffered,
            () ->
                new Select<String>()
                    .onReceive(idle, v -> "idle " + v)
                    .onReceive(buffered, v -> "buffered " + v)
                    .select());
    assertThat(got).isEqualTo("buffered v");
    assertThat(buffered.len()).isZero();
  }

  @Test
  void aReadyBufferedSendFiresWithoutTheChannelsLock() throws InterruptedException {
    Channel<String> buffered = Channel.buffered(1);
    Channel<String> idle = Channel.unbuffered();
    String got =
        whileLocked(
            buffered,
            () ->
                new Select<String>()
                    .onReceive(idle, v -> "idle " + v)
                    .onSend(buffered, "w", () -> "sent")
                    .select());
    assertThat(got).isEqualTo("sent");
    assertThat(buffered.tryReceive()).isEqualTo(new ReceiveResult.Value<>("w"));
  }

  private interface Body {
    String run() throws InterruptedException;
  }

  /** Runs {@code body} on a virtual thread while this thread holds {@code ch}'s lock. */
  private static String whileLocked(Channel<String> ch, Body body) throws InterruptedException {
    ChanLock lock = ((ChannelImpl<String>) ch).lock;
    AtomicReference<Object> result = new AtomicReference<>();
    Thread t;
    lock.lock();
    try {
      t =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      result.set(body.run());
                    } catch (InterruptedException | RuntimeException e) {
                      result.set(e);
                    }
                  });
      t.join(10_000);
      assertThat(t.isAlive()).as("the select finished while the lock was held").isFalse();
    } finally {
      lock.unlock();
    }
    t.join();
    assertThat(result.get()).isInstanceOf(String.class);
    return (String) result.get();
  }
}
