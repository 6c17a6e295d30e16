package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.test.ThrowingRunnable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Buffered channels send and receive without the lock when they neither wait nor wake anybody, and
 * wake waiters to look again (see {@link ChannelImpl}). A lost wake-up shows up here as a thread
 * that never finishes; a wake-up that moves a value twice, as a value received twice. No chaos: the
 * waits end only through the channel, so every one of them has to be woken.
 *
 * <p>Seeded: rerun with {@code -Dweft.stress.seed=N}.
 */
@Tag("stress")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BufferedWakeStressTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private static long seed() {
    return Long.getLong("weft.stress.seed", System.nanoTime());
  }

  /** Random short pauses, so that both sides find the buffer full, empty and in between. */
  private static void jitter(SplittableRandom r) {
    int x = r.nextInt(64);
    if (x == 0) LockSupport.parkNanos(r.nextLong(1_000, 50_000));
    else if (x == 1) Thread.yield();
  }

  /**
   * Blocking senders and receivers on one channel, on virtual threads and platform threads: every
   * value arrives exactly once, nobody waits forever, and no registration is left behind.
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 2, 16})
  void blockingSendersAndReceiversAreAlwaysWoken(int capacity) throws Exception {
    long seed = seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    int producers = 3;
    int consumers = 3;
    int perProducer = 60_000;
    Channel<Integer> ch = Channel.buffered(capacity);
    AtomicIntegerArray received = new AtomicIntegerArray(producers * perProducer);
    List<Async<Void>> senders = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      SplittableRandom r = rnd.split();
      ThrowingRunnable body =
          () -> {
            for (int i = 0; i < perProducer; i++) {
              ch.send(base + i);
              jitter(r);
            }
          };
      senders.add(p == 0 ? tasks.runOnPlatformThread(body) : tasks.run(body));
    }
    List<Async<Void>> receivers = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      SplittableRandom r = rnd.split();
      ThrowingRunnable body =
          () -> {
            for (int v : ch) {
              received.incrementAndGet(v);
              jitter(r);
            }
          };
      receivers.add(c == 0 ? tasks.runOnPlatformThread(body) : tasks.run(body));
    }
    for (Async<Void> t : senders) t.join(PATIENCE).get();
    ch.close();
    for (Async<Void> t : receivers) t.join(PATIENCE).get();
    assertExactlyOnce(received, seed);
    assertNoWaiters(ch);
  }

  /**
   * Selects over two buffered channels next to plain receivers of one of them. A select woken by
   * one channel may fire the other; the wake it was given must then reach another waiter, or the
   * plain receivers below would wait forever with values in the buffer.
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(ints = {1, 4})
  void selectsThatFireAnotherClausePassTheirWakeOn(int capacity) throws Exception {
    long seed = seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    int perChannel = 60_000;
    Channel<Integer> a = Channel.buffered(capacity);
    Channel<Integer> b = Channel.buffered(capacity);
    AtomicIntegerArray received = new AtomicIntegerArray(2 * perChannel);
    List<Async<Void>> senders = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      Channel<Integer> ch = k == 0 ? a : b;
      int base = k * perChannel;
      SplittableRandom r = rnd.split();
      senders.add(
          tasks.run(
              () -> {
                for (int i = 0; i < perChannel; i++) {
                  ch.send(base + i);
                  jitter(r);
                }
              }));
    }
    List<Async<Void>> receivers = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      SplittableRandom r = rnd.split();
      receivers.add(
          tasks.run(
              () -> {
                Select<Boolean> select =
                    new Select<Boolean>()
                        .onReceiveResult(a, res -> take(res, received))
                        .onReceiveResult(b, res -> take(res, received));
                int open = 2;
                while (open > 0) {
                  if (!select.select()) open--; // a closed channel stays ready: count it once
                  if (open == 1) break; // the plain loops below drain what is left
                  jitter(r);
                }
              }));
    }
    for (int s = 0; s < 2; s++) {
      SplittableRandom r = rnd.split();
      receivers.add(
          tasks.run(
              () -> {
                for (int v : a) {
                  received.incrementAndGet(v);
                  jitter(r);
                }
              }));
    }
    receivers.add(
        tasks.run(
            () -> {
              for (int v : b) received.incrementAndGet(v);
            }));
    for (Async<Void> t : senders) t.join(PATIENCE).get();
    a.close();
    b.close();
    for (Async<Void> t : receivers) t.join(PATIENCE).get();
    assertExactlyOnce(received, seed);
    assertNoWaiters(a);
    assertNoWaiters(b);
  }

  private static boolean take(ReceiveResult<Integer> res, AtomicIntegerArray received) {
    if (res instanceof ReceiveResult.Value<Integer>(Integer v)) {
      received.incrementAndGet(v);
      return true;
    }
    return false;
  }

  private static void assertExactlyOnce(AtomicIntegerArray received, long seed) {
    for (int i = 0; i < received.length(); i++) {
      assertThat(received.get(i)).as("times value %d arrived, seed %d", i, seed).isEqualTo(1);
    }
  }

  private static void assertNoWaiters(Channel<?> ch) {
    assertThat(Channels.waitingSenders(ch) + Channels.waitingReceivers(ch)).isZero();
    assertThat(Channels.registered(ch)).as("registrations left on %s", ch).isZero();
  }
}
