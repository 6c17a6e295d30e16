package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.sync.Barrier;
import dev.weft.sync.ErrGroup;
import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Happens-before: a value published through a plain field is a data race; a {@code volatile} flag
 * or a channel hand-off makes it safe. Shown the way jcstress shows it: run a tiny two-thread
 * program many times and count the outcomes.
 *
 * <p>The writer does {@code data = 42; ready = true}; the reader does {@code r1 = ready; r2 =
 * data}. Three outcomes are explained by some interleaving: the reader ran first ({@code false,
 * 0}), in the middle ({@code false, 42}) or after ({@code true, 42}). The fourth, {@code true, 0},
 * means the reader saw {@code ready} set but not the {@code data} written before it.
 *
 * <ul>
 *   <li>Plain fields: no happens-before edge links the writes to the reads, so the Java memory
 *       model allows {@code true, 0}: the JIT may reorder the two stores or the two loads, and so
 *       may an ARM or POWER processor. x86 keeps stores in order and loads in order, so on x86 it
 *       shows up only when the JIT reorders, which these few lines rarely tempt it to do. Whether
 *       it appears or not, the program is wrong: a correct program must not depend on the luck
 *       of one machine.
 *   <li>{@code volatile boolean ready}: the volatile write happens-before every read that sees it,
 *       and {@code data = 42} comes before it in program order, so a reader that sees {@code
 *       ready} sees 42. {@code true, 0} is forbidden.
 *   <li>A channel: the writer sets {@code data} and sends the object; the receive happens-after
 *       the send (weft's channels state this edge, as Go's memory model does), so the receiver
 *       always reads 42, with no {@code volatile} on the field.
 * </ul>
 *
 * <p>Each trial uses a fresh object; writer and reader walk through batches of 10,000 objects in
 * step, meeting at a {@link Barrier} before each batch so that they race on the same objects.
 */
final class HappensBeforeExample implements Example {

  private static final int BATCH = 10_000;
  private static final int BATCHES = 50;
  private static final int HAND_OFFS = 20_000;

  /** The publication under test: plain fields. */
  private static final class Plain {
    int data;
    boolean ready;
  }

  /** The same with a volatile flag. */
  private static final class Flagged {
    int data;
    volatile boolean ready;
  }

  /** What a channel carries: a plain field, made visible by the hand-off. */
  private static final class Message {
    int data;
  }

  @Override
  public String name() {
    return "happens-before";
  }

  @Override
  public String description() {
    return "a data race on a plain field, fixed by volatile or a channel hand-off, with an outcome table";
  }

  @Override
  public String goIdiom() {
    return "the Go memory model: a send on a channel happens before the receive completes; `sync/atomic` for flags";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    out.println("writer: data = 42; ready = true      reader: r1 = ready; r2 = data");
    long[] plain = race(Plain::new, p -> { p.data = 42; p.ready = true; }, p -> outcome(p.ready, p.data));
    table(out, "plain fields", plain, false);
    long[] flagged = race(Flagged::new, f -> { f.data = 42; f.ready = true; }, f -> outcome(f.ready, f.data));
    table(out, "volatile ready", flagged, true);
    handOff(out);
    long racy = plain[outcome(true, 0)];
    if (racy > 0) {
      out.println("verdict: the racy outcome true, 0 appeared " + racy + " times with plain fields");
      out.println("  the reader saw ready before data: nothing orders the two plain writes for another thread");
    } else {
      out.println("verdict: the racy outcome true, 0 did not appear with plain fields in this run on this machine;");
      out.println("  the memory model allows it (the JIT or a weakly ordered CPU may reorder), so the plain"
          + " version is still a data race");
    }
  }

  private static int outcome(boolean ready, int data) {
    return (ready ? 2 : 0) + (data == 42 ? 1 : 0);
  }

  /** Runs the writer and the reader against the same fresh objects; returns counts by outcome. */
  private static <T> long[] race(Supplier<T> create, Consumer<T> writer, ToIntFunction<T> reader) throws Exception {
    long[] counts = new long[4];
    Barrier start = new Barrier(2);
    @SuppressWarnings("unchecked")
    T[][] batches = (T[][]) new Object[BATCHES][];
    for (int b = 0; b < BATCHES; b++) {
      Object[] batch = new Object[BATCH];
      for (int i = 0; i < BATCH; i++) batch[i] = create.get();
      @SuppressWarnings("unchecked")
      T[] typed = (T[]) batch;
      batches[b] = typed;
    }
    ErrGroup g = new ErrGroup();
    g.go(() -> {
      for (T[] batch : batches) {
        start.await();
        for (T t : batch) writer.accept(t);
      }
    });
    g.go(() -> {
      for (T[] batch : batches) {
        start.await();
        for (T t : batch) counts[reader.applyAsInt(t)]++;
      }
    });
    g.await(); // happens-after the reader's writes to counts
    return counts;
  }

  private static void table(PrintStream out, String title, long[] counts, boolean forbidden) {
    out.println(title + ": " + BATCH * BATCHES + " trials");
    out.println(String.format("  %-18s %9s  %s", "r1, r2", "count", "verdict"));
    row(out, "false, 0", counts[outcome(false, 0)], "acceptable: the reader ran first");
    row(out, "false, 42", counts[outcome(false, 42)], "acceptable: the reader ran in between");
    row(out, "true, 42", counts[outcome(true, 42)], "acceptable: the reader ran after");
    row(out, "true, 0", counts[outcome(true, 0)],
        forbidden ? "forbidden: happens-before guarantees 42" : "allowed by the memory model: the race");
  }

  private static void row(PrintStream out, String outcome, long count, String verdict) {
    out.println(String.format("  %-18s %9d  %s", outcome, count, verdict));
  }

  private static void handOff(PrintStream out) throws Exception {
    Channel<Message> ch = Channel.buffered(64);
    long[] counts = new long[2];
    ErrGroup g = new ErrGroup();
    g.go(() -> {
      for (int i = 0; i < HAND_OFFS; i++) {
        Message m = new Message();
        m.data = 42; // a plain write, before the send
        ch.send(m);
      }
      ch.close();
    });
    g.go(() -> {
      for (Message m : ch) counts[m.data == 42 ? 1 : 0]++;
    });
    g.await();
    out.println("channel hand-off: " + HAND_OFFS + " trials (send after data = 42, read data after receive)");
    out.println(String.format("  %-18s %9s  %s", "r2", "count", "verdict"));
    row(out, "42", counts[1], "acceptable: the receive happens-after the send");
    row(out, "0", counts[0], "forbidden: happens-before guarantees 42");
  }
}
