package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The count of parked rendezvous waiters behind {@link Spin#crowded()}: every way a wait ends
 * (completed, interrupted, timed out, closed, in a channel or a select) takes it back out, so a
 * burst of waiters never leaves the channels believing they are crowded.
 */
class SpinCrowdTest {

  @Test
  void everyWayAWaitEndsUncountsIt() throws Exception {
    long before = Spin.parkedNow();
    Channel<Integer> ch = Channel.unbuffered();
    Channel<Integer> other = Channel.unbuffered();
    List<Thread> threads = new ArrayList<>();
    int n = 4 * Spin.CROWD;
    for (int i = 0; i < n; i++) {
      int kind = i % 4;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      switch (kind) {
                        case 0 -> ch.receive(); // completed by a send, or closed
                        case 1 -> ch.tryReceive(Duration.ofMillis(50)); // times out
                        case 2 -> new Select<Integer>().onReceive(ch, v -> v).onReceive(other, v -> v).select();
                        default -> other.receive(); // interrupted
                      }
                    } catch (InterruptedException | ChannelClosedException e) {
                      // an ending like any other
                    }
                  }));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> Spin.parkedNow() - before >= n / 2);
    assertThat(Spin.crowded()).isTrue();
    for (int i = 0; i < n / 8; i++) ch.send(i);
    for (int i = 3; i < n; i += 4) threads.get(i).interrupt();
    Thread.sleep(60); // the timed ones time out
    ch.close();
    other.close();
    for (Thread t : threads) t.join(10_000);
    for (Thread t : threads) assertThat(t.isAlive()).isFalse();
    assertThat(Spin.parkedNow()).isEqualTo(before);
  }
}
