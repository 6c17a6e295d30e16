package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Under many producers and consumers (plain operations of every form, and selects over several
 * channels) with random interrupts, context cancellations, timeouts and closing, every value is
 * received exactly once if its sender was told it was sent, and never otherwise.
 *
 * <p>Seeded: the seed is in every failure message; rerun with {@code -Dweft.stress.seed=N}.
 * {@code -Dweft.soak=true} multiplies the amount of work by {@link #SOAK_FACTOR}.
 */
@Tag("stress")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChannelStressTest {

  static final int SOAK_FACTOR = 20;
  static final int SCALE = Boolean.getBoolean("weft.soak") ? SOAK_FACTOR : 1;

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static long seed() {
    return Long.getLong("weft.stress.seed", System.nanoTime());
  }

  /** Runs {@code body}; any failure is reported with the seed that reproduces the schedule's inputs. */
  private static void withSeed(long seed, String what, ThrowingConsumer<Long> body) {
    try {
      body.accept(seed);
    } catch (Throwable t) {
      throw new AssertionError(what + " failed with -Dweft.stress.seed=" + seed + ": " + t, t);
    }
  }

  @FunctionalInterface
  interface ThrowingConsumer<T> {
    void accept(T t) throws Exception;
  }

  /** Interrupts random workers and cancels the shared context until stopped. */
  private static final class Chaos {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<CancelContext> ctx =
        new AtomicReference<>(Context.withCancel(Context.background()));
    final AtomicLong interrupts = new AtomicLong();
    final AtomicLong cancels = new AtomicLong();

    void run(SplittableRandom rnd, List<Thread> victims) {
      while (!stop.get()) {
        LockSupport.parkNanos(rnd.nextLong(1_000, 60_000));
        if (rnd.nextInt(4) == 0) {
          CancelContext old = ctx.getAndSet(Context.withCancel(Context.background()));
          old.cancel(new IllegalStateException("chaos"));
          cancels.incrementAndGet();
        } else {
          victims.get(rnd.nextInt(victims.size())).interrupt();
          interrupts.incrementAndGet();
        }
      }
      ctx.get().cancel();
    }
  }

  /** Per value: 1 once its sender learnt it was sent. */
  private static void assertExactlyOnce(
      AtomicIntegerArray sent, AtomicIntegerArray received, long seed) {
    int sentCount = 0;
    for (int v = 0; v < sent.length(); v++) {
      int s = sent.get(v);
      int r = received.get(v);
      if (s != r) {
        throw new AssertionError(
            "value " + v + ": sent " + s + " time(s) but received " + r + " time(s), seed " + seed);
      }
      sentCount += s;
    }
    assertThat(sentCount).as("values sent, seed %d", seed).isPositive();
  }

  // ---- plain channel operations ----

  @Capacities
  void producersAndConsumersWithInterruptsAndCancellations(int capacity) {
    withSeed(seed(), "capacity " + capacity, seed -> plainOperations(capacity, seed));
  }

  private void plainOperations(int capacity, long seed) throws InterruptedException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int producers = 4;
    int consumers = 4;
    int perProducer = 200_000 * SCALE;
    Channel<Integer> ch = Channel.buffered(capacity);
    AtomicIntegerArray sent = new AtomicIntegerArray(producers * perProducer);
    AtomicIntegerArray received = new AtomicIntegerArray(producers * perProducer);
    AtomicLong ops = new AtomicLong();
    AtomicLong sendAttempts = new AtomicLong();
    Chaos chaos = new Chaos();
    // The channel is closed while the producers are still sending, at a random point of the
    // second half, so closing races with every send and receive form.
    long closeAfter = rnd.nextLong(producers * (long) perProducer / 2, producers * (long) perProducer);

    List<Async<Void>> producerTasks = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      SplittableRandom r = rnd.split();
      producerTasks.add(
          tasks.run(
              () -> {
                for (int i = 0; i < perProducer; i++) {
                  int v = base + i;
                  ops.incrementAndGet();
                  if (sendAttempts.incrementAndGet() == closeAfter) ch.close();
                  if (send(ch, v, r, chaos.ctx.get())) sent.incrementAndGet(v);
                }
                Thread.interrupted(); // a late interrupt must not outlive the task
              }));
    }
    List<Async<Void>> consumerTasks = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      SplittableRandom r = rnd.split();
      consumerTasks.add(
          tasks.run(
              () -> {
                while (true) {
                  ops.incrementAndGet();
                  ReceiveResult<Integer> res = receive(ch, r, chaos.ctx.get());
                  if (res instanceof ReceiveResult.Value<Integer>(Integer v)) {
                    received.incrementAndGet(v);
                  } else if (res instanceof ReceiveResult.Closed<Integer>) {
                    return;
                  }
                }
              }));
    }
    List<Thread> victims = new ArrayList<>();
    producerTasks.forEach(t -> victims.add(t.thread()));
    consumerTasks.forEach(t -> victims.add(t.thread()));
    SplittableRandom chaosRnd = rnd.split();
    Async<Void> chaosTask = tasks.runOnPlatformThread(() -> chaos.run(chaosRnd, victims));

    Duration patience = Duration.ofMinutes(2L * SCALE);
    producerTasks.forEach(t -> t.join(patience).get());
    chaos.stop.set(true);
    chaosTask.get();
    consumerTasks.forEach(t -> t.join(patience).get());

    assertExactlyOnce(sent, received, seed);
    assertThat(ch.isClosedForReceive()).isTrue();
    assertThat(Channels.waitingSenders(ch) + Channels.waitingReceivers(ch)).isZero();
    assertThat(chaos.interrupts.get()).as("interrupts, seed %d", seed).isPositive();
    report("plain", capacity, ops.get(), count(sent), chaos);
  }

  private static int count(AtomicIntegerArray a) {
    int n = 0;
    for (int i = 0; i < a.length(); i++) n += a.get(i);
    return n;
  }

  private static void report(String what, int capacity, long ops, int sent, Chaos chaos) {
    System.out.printf(
        "ChannelStressTest %s capacity %d: %,d operations, %,d values sent, %,d interrupts, %,d cancellations%n",
        what, capacity, ops, sent, chaos.interrupts.get(), chaos.cancels.get());
  }

  /** One send in a random form; true iff the form reported the value sent. */
  private static boolean send(Channel<Integer> ch, int v, SplittableRandom r, Context ctx) {
    try {
      return switch (r.nextInt(9)) {
        case 0 -> {
          ch.send(v);
          yield true;
        }
        case 1 -> {
          ch.send(v, ctx);
          yield true;
        }
        case 2 -> ch.sendResult(v).isSent();
        case 3 -> ch.sendResult(v, ctx).isSent();
        case 4 -> ch.trySend(v).isSent();
        case 5 -> ch.trySend(v, Duration.ofNanos(r.nextLong(-1_000, 200_000))).isSent();
        case 6 -> new Select<Boolean>().onSend(ch, v, () -> true).select();
        case 7 ->
            new Select<Boolean>()
                .onSend(ch, v, () -> true)
                .onDone(ctx, () -> false)
                .onTimeout(Duration.ofNanos(r.nextLong(0, 200_000)), () -> false)
                .select();
        default -> new Select<Boolean>().onSend(ch, v, () -> true).orElse(() -> false).select();
      };
    } catch (InterruptedException | ContextCancelledException | ChannelClosedException e) {
      return false;
    }
  }

  /** One receive in a random form: Value, Closed, or anything else for "nothing received". */
  private static ReceiveResult<Integer> receive(Channel<Integer> ch, SplittableRandom r, Context ctx) {
    try {
      return switch (r.nextInt(10)) {
        case 0 -> new ReceiveResult.Value<>(ch.receive());
        case 1 -> new ReceiveResult.Value<>(ch.receive(ctx));
        case 2 -> ch.receiveResult();
        case 3 -> ch.receiveResult(ctx);
        case 4 -> ch.tryReceive();
        case 5 -> ch.tryReceive(Duration.ofNanos(r.nextLong(-1_000, 200_000)));
        case 6 -> new Select<ReceiveResult<Integer>>().onReceiveResult(ch, x -> x).select();
        case 7 ->
            new Select<ReceiveResult<Integer>>()
                .onReceive(ch, ReceiveResult.Value::new)
                .onDone(ctx, ReceiveResult.Empty::new)
                .onTimeout(Duration.ofNanos(r.nextLong(0, 200_000)), ReceiveResult.TimedOut::new)
                .select();
        case 8 -> {
          Iterator<Integer> it = ch.iterator();
          yield it.hasNext() ? new ReceiveResult.Value<>(it.next()) : new ReceiveResult.Closed<>();
        }
        default -> new Select<ReceiveResult<Integer>>().onReceiveResult(ch, x -> x).orElse(ReceiveResult.Empty::new).select();
      };
    } catch (InterruptedException | ContextCancelledException e) {
      return new ReceiveResult.Empty<>();
    } catch (UncheckedInterruptedException e) {
      Thread.interrupted(); // the iterator restored it; this loop handles it here
      return new ReceiveResult.Empty<>();
    } catch (ChannelClosedException e) {
      return new ReceiveResult.Closed<>();
    }
  }

  // ---- selects over several channels ----

  @Capacities
  void selectsOverSeveralChannelsWithInterruptsTimeoutsAndClosing(int capacity) {
    withSeed(seed(), "capacity " + capacity, seed -> selects(capacity, seed));
  }

  private void selects(int capacity, long seed) throws InterruptedException {
    SplittableRandom rnd = new SplittableRandom(seed);
    int channels = 3;
    int workers = 6;
    int iterations = 80_000 * SCALE;
    List<Channel<Integer>> chs = new ArrayList<>();
    for (int i = 0; i < channels; i++) chs.add(Channel.buffered(capacity));
    // Two send clauses at most per select: values (worker, iteration, clause).
    AtomicIntegerArray sent = new AtomicIntegerArray(workers * iterations * 2);
    AtomicIntegerArray received = new AtomicIntegerArray(workers * iterations * 2);
    Chaos chaos = new Chaos();
    AtomicLong ops = new AtomicLong();
    int closeAt = rnd.nextInt(iterations / 2, iterations); // one channel is closed part-way
    Channel<Integer> closing = chs.get(rnd.nextInt(channels));

    List<Async<Void>> workerTasks = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      SplittableRandom r = rnd.split();
      workerTasks.add(
          tasks.run(
              () -> {
                for (int i = 0; i < iterations; i++) {
                  if (worker == 0 && i == closeAt) closing.close();
                  int base = (worker * iterations + i) * 2;
                  Select<Void> s = new Select<>();
                  int clauses = 0;
                  for (int j = 0; j < 2; j++) {
                    if (r.nextInt(3) == 0) continue;
                    int v = base + j;
                    s.onSend(chs.get(r.nextInt(channels)), v, () -> {
                      sent.incrementAndGet(v);
                      return null;
                    });
                    clauses++;
                  }
                  for (int j = 0; j < 2; j++) {
                    if (r.nextInt(3) == 0) continue;
                    Channel<Integer> from = chs.get(r.nextInt(channels));
                    if (r.nextBoolean()) {
                      s.onReceive(from, v -> {
                        received.incrementAndGet(v);
                        return null;
                      });
                    } else {
                      s.onReceiveResult(from, res -> {
                        if (res instanceof ReceiveResult.Value<Integer>(Integer v)) received.incrementAndGet(v);
                        return null;
                      });
                    }
                    clauses++;
                  }
                  if (r.nextInt(4) == 0) s.onDone(chaos.ctx.get(), () -> null);
                  if (r.nextInt(10) == 0) s.onReceive(Channel.<Integer>nil(), v -> null);
                  if (r.nextInt(5) == 0) s.biased();
                  // Never wait forever: the other workers may be done.
                  if (clauses == 0 || r.nextInt(8) == 0) s.orElse(() -> null);
                  else s.onTimeout(Duration.ofNanos(r.nextLong(0, 300_000)), () -> null);
                  ops.incrementAndGet();
                  try {
                    s.select();
                  } catch (InterruptedException e) {
                    // No clause fired.
                  } catch (ChannelClosedException e) {
                    // A send clause, or onReceive, on the closed channel: no value moved.
                  }
                }
                Thread.interrupted();
              }));
    }
    List<Thread> victims = new ArrayList<>();
    workerTasks.forEach(t -> victims.add(t.thread()));
    SplittableRandom chaosRnd = rnd.split();
    Async<Void> chaosTask = tasks.runOnPlatformThread(() -> chaos.run(chaosRnd, victims));

    Duration patience = Duration.ofMinutes(2L * SCALE);
    workerTasks.forEach(t -> t.join(patience).get());
    chaos.stop.set(true);
    chaosTask.get();
    for (Channel<Integer> c : chs) {
      for (int v : Channels.drainNow(c)) received.incrementAndGet(v);
      assertThat(Channels.waitingSenders(c) + Channels.waitingReceivers(c)).isZero();
    }
    assertExactlyOnce(sent, received, seed);
    report("select", capacity, ops.get(), count(sent), chaos);
  }
}
