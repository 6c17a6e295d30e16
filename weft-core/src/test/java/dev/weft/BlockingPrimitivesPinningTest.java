package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.chan.Ticker;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.sync.ErrGroup;
import dev.weft.sync.Semaphore;
import dev.weft.sync.SingleFlight;
import dev.weft.sync.WaitGroup;
import dev.weft.test.PinningDetector;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * weft's blocking primitives never pin a virtual thread to its carrier: a workload with more
 * blocked virtual threads than carriers, through every kind of wait weft has, records no
 * {@code jdk.VirtualThreadPinned} event once warmed up. (The first run of a workload can pin
 * briefly while the JVM loads and initialises classes; that is the JDK's, not weft's, so each
 * workload runs once before it is checked.)
 */
class BlockingPrimitivesPinningTest {

  private static final int THREADS = 64;

  @Test
  @Timeout(60)
  void channelsAndSelectDoNotPin() throws Exception {
    channelWorkload();
    PinningDetector.assertNoPinning(BlockingPrimitivesPinningTest::channelWorkload);
  }

  private static void channelWorkload() throws Exception {
    Channel<Integer> rendezvous = Channel.unbuffered();
    Channel<Integer> buffered = Channel.buffered(4);
    AtomicLong sum = new AtomicLong();
    WaitGroup wg = new WaitGroup();
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      wg.go(() -> {
        for (int i = 0; i < 200; i++) {
          if ((id & 1) == 0) rendezvous.send(i);
          else buffered.send(i);
        }
      });
      wg.go(() -> {
        Select<Integer> sel =
            new Select<Integer>()
                .onReceive(rendezvous, v -> v)
                .onReceive(buffered, v -> v)
                .onTimeout(Duration.ofSeconds(5), () -> 0);
        for (int i = 0; i < 200; i++) sum.addAndGet(sel.select());
      });
    }
    wg.await();
    assertThat(sum.get()).isEqualTo(THREADS * (199L * 200 / 2));

    // Context-aware waits woken by cancellation, and timed waits that expire.
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      WaitGroup waiters = new WaitGroup();
      Channel<String> never = Channel.unbuffered();
      for (int t = 0; t < THREADS; t++) {
        waiters.go(() -> never.receiveResult(ctx));
        waiters.go(() -> never.tryReceive(Duration.ofMillis(20)));
      }
      ctx.cancel();
      waiters.await();
    }
  }

  @Test
  @Timeout(60)
  void synchronizersDoNotPin() throws Exception {
    synchronizerWorkload();
    PinningDetector.assertNoPinning(BlockingPrimitivesPinningTest::synchronizerWorkload);
  }

  private static void synchronizerWorkload() throws Exception {
    Semaphore sem = new Semaphore(3);
    SingleFlight<String, Integer> flight = new SingleFlight<>();
    ErrGroup group = new ErrGroup();
    group.setLimit(4);
    AtomicLong loads = new AtomicLong();
    for (int t = 0; t < THREADS; t++) {
      group.go(() -> {
        sem.acquire(1 + (int) (Thread.currentThread().threadId() % 3));
        try {
          Thread.yield();
        } finally {
          sem.release(1 + (int) (Thread.currentThread().threadId() % 3));
        }
        flight.run("key", () -> (int) loads.incrementAndGet());
      });
    }
    group.await();
    assertThat(sem.available()).isEqualTo(3);

    try (Ticker ticker = Ticker.start(Duration.ofMillis(1))) {
      for (int i = 0; i < 5; i++) ticker.channel().receive();
    }
  }
}
