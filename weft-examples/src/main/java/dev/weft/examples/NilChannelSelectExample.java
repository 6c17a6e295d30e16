package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merging inputs that finish at different times: each input that is closed is switched off in the
 * select, as Go sets a finished channel variable to {@code nil}.
 *
 * <p>In Go, a {@code for}-{@code select} loop merging {@code a} and {@code b} writes {@code a = nil}
 * once {@code a} is closed: a receive from a nil channel never proceeds, so the select stops
 * choosing that case and waits for the other inputs. Without it, the closed input is ready
 * forever, and the loop spins on it. weft's {@link Select} is built once and reused, so instead of
 * assigning a variable the loop calls {@link Select#disable(int)} with the clause's number, and
 * runs while {@link Select#enabledCount()} is positive; {@link Select#enable(int)} would turn the
 * clause back on. ({@link Channel#nil()} exists too, for a select built from channels that may be
 * nil from the start.)
 *
 * <p>Part 1 shows the trap: a closed input is ready on every round. Part 2 merges three inputs
 * that send 2, 4 and 3 values and then close, disabling each as it closes.
 *
 * <p>What to look for: in part 1, every round reports the closed input; in part 2, nine values
 * and three closes, twelve rounds, and a loop that ends by itself once every clause is disabled.
 */
final class NilChannelSelectExample implements Example {

  @Override
  public String name() {
    return "nil-channel-select";
  }

  @Override
  public String description() {
    return "merge inputs in one select, switching off each input once it is closed";
  }

  @Override
  public String goIdiom() {
    return "Go's `ch = nil` to disable a finished case in a `for { select { ... } }` merge loop";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    // Part 1: a closed input stays ready. Without disabling it, the loop spins.
    Channel<String> closed = Channel.buffered(1);
    Channel<String> quiet = Channel.buffered(1);
    closed.close();
    Select<String> naive =
        new Select<String>()
            .onReceiveResult(closed, r -> "closed input: " + r)
            .onReceiveResult(quiet, r -> "quiet input: " + r)
            .onTimeout(Duration.ofMillis(20), () -> "nothing ready");
    out.println("part 1: a closed input is ready on every round");
    for (int round = 1; round <= 3; round++) out.println("  round " + round + ": " + naive.select());
    naive.disable(0);
    out.println("  after disable(0): " + naive.select());

    // Part 2: merge three inputs, disabling each once it is closed.
    String[] names = {"a", "b", "c"};
    int[] counts = {2, 4, 3};
    List<Channel<String>> inputs = new ArrayList<>();
    WaitGroup producers = new WaitGroup();
    for (int i = 0; i < names.length; i++) {
      Channel<String> in = Channel.unbuffered();
      inputs.add(in);
      String name = names[i];
      int count = counts[i];
      producers.go(() -> {
        for (int v = 1; v <= count; v++) in.send(name + v);
        in.close();
      });
    }
    out.println("part 2: merge inputs a, b, c (2, 4 and 3 values)");
    Map<String, List<String>> merged = new TreeMap<>();
    List<String> closedInputs = new ArrayList<>();
    Select<Void> merge = new Select<>();
    merge.onReceiveAny(inputs, c -> {
      String input = names[c.index()];
      if (c.result() instanceof ReceiveResult.Value<String>(String v)) {
        merged.computeIfAbsent(input, k -> new ArrayList<>()).add(v);
      } else {
        closedInputs.add(input);
        merge.disable(c.clause()); // Go: in = nil
      }
      return null;
    });
    int rounds = 0;
    while (merge.enabledCount() > 0) {
      merge.select();
      rounds++;
    }
    producers.await();
    closedInputs.sort(null); // they close in any order
    out.println("  merged: " + merged);
    out.println("  disabled when closed: " + closedInputs);
    out.println("  rounds: " + rounds + ", enabled clauses left: " + merge.enabledCount());
  }
}
