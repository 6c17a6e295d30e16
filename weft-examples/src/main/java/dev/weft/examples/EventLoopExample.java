package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Event loop: one thread owns the state; everyone else talks to it through channels.
 *
 * <p>The loop thread alone reads and writes {@code stock}, so it needs no lock. It waits in a
 * {@link Select} over three event channels ({@code adds}, {@code removes}, {@code queries}) and a
 * {@code quit} channel, handles one event at a time, and closes {@code done} when it returns, the
 * way a Kubernetes controller or a game loop is built in Go:
 *
 * <pre>{@code
 * for { select { case a := <-adds: ... case r := <-removes: ... case q := <-queries: ... case <-quit: return } }
 * }</pre>
 *
 * <p>A query carries its own reply channel (buffered 1, so the loop never blocks on a slow
 * asker). Three clients send events concurrently; their order interleaves, but because the loop
 * applies them one by one, the totals are always the same.
 *
 * <p>What to look for: the snapshot {@code {apples=60, pears=5, plums=15}} and the loop's count of
 * applied changes (21).
 */
final class EventLoopExample implements Example {

  record Change(String item, int amount) {}

  private static final Map<String, Integer> REMOVED = Map.of("apples", 20, "pears", 45, "plums", 35);

  @Override
  public String name() {
    return "event-loop";
  }

  @Override
  public String description() {
    return "one thread owns the state, driven by a select over event channels and quit";
  }

  @Override
  public String goIdiom() {
    return "Go's single-owner loop, `for { select { case a := <-adds: ... case <-quit: return } }`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<Change> adds = Channel.unbuffered();
    Channel<Change> removes = Channel.unbuffered();
    Channel<Channel<Map<String, Integer>>> queries = Channel.unbuffered();
    Channel<Void> quit = Channel.unbuffered();
    Channel<Integer> done = Channel.buffered(1); // the loop reports how many changes it applied

    WaitGroup wg = new WaitGroup();
    wg.go(() -> {
      Stock stock = new Stock(); // owned by this thread only
      Select<Boolean> next =
          new Select<Boolean>()
              .onReceive(adds, c -> stock.apply(c, +1))
              .onReceive(removes, c -> stock.apply(c, -1))
              .onReceive(queries, reply -> reply.trySend(stock.snapshot()).isSent())
              .onReceiveResult(quit, closed -> false);
      while (next.select()) {
        // one event per turn
      }
      done.send(stock.changes);
    });

    // Three clients change the stock at the same time.
    WaitGroup clients = new WaitGroup();
    for (String item : List.of("apples", "pears", "plums")) {
      clients.go(() -> {
        for (int i = 0; i < 5; i++) adds.send(new Change(item, 10));
        removes.send(new Change(item, REMOVED.get(item)));
        adds.send(new Change("apples", 10));
      });
    }
    clients.await();
    out.println("3 clients sent 21 events concurrently");

    Channel<Map<String, Integer>> reply = Channel.buffered(1);
    queries.send(reply);
    out.println("snapshot from the loop: " + reply.receive());

    quit.close(); // tell the loop to stop, then wait until it has
    out.println("loop stopped after applying " + done.receive() + " changes");
    wg.await();
  }

  /** The loop's state. Only the loop thread touches it, so it needs no lock. */
  private static final class Stock {
    private final Map<String, Integer> counts = new TreeMap<>();
    private int changes;

    boolean apply(Change c, int sign) {
      counts.merge(c.item(), sign * c.amount(), Integer::sum);
      changes++;
      return true; // keep looping
    }

    Map<String, Integer> snapshot() {
      return new TreeMap<>(counts);
    }
  }
}
