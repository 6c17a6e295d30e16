package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Broadcast: closing a channel wakes every receiver at once; sending a value wakes only one.
 *
 * <p>Five listeners wait on the same {@code stop} channel, as Kubernetes components wait on
 * {@code StopEverything}. A value sent on it is taken by exactly one of them; the other four keep
 * waiting. {@code stop.close()} then releases all the rest together: a receive on a closed channel
 * never blocks, for any number of receivers, now or later.
 *
 * <pre>{@code
 * stop := make(chan struct{})
 * go worker(stop); go worker(stop)
 * close(stop)
 * }</pre>
 *
 * <p>What to look for: one listener gets the value, nobody else wakes in the next 100 ms, and
 * after the close the four others report {@code saw close}.
 */
final class BroadcastExample implements Example {

  private static final int LISTENERS = 5;

  @Override
  public String name() {
    return "broadcast";
  }

  @Override
  public String description() {
    return "close a channel to stop many listeners at once";
  }

  @Override
  public String goIdiom() {
    return "Go's `close(stop)`, which wakes every goroutine blocked in `<-stop`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<String> stop = Channel.unbuffered();
    Channel<String> reports = Channel.buffered(LISTENERS);
    WaitGroup listeners = new WaitGroup();
    for (int id = 1; id <= LISTENERS; id++) {
      String me = "listener " + id;
      listeners.go(() -> {
        ReceiveResult<String> r = stop.receiveResult(); // a value, or closed
        reports.send(me + (r.isClosed() ? " saw close" : " got '" + r.value() + "'"));
      });
    }
    out.println(LISTENERS + " listeners wait on the same stop channel");

    stop.send("stop"); // a send is a hand-off to exactly one receiver
    out.println("after one send: " + reports.receive());
    boolean another = reports.tryReceive(Duration.ofMillis(100)).isValue();
    out.println("in the next 100 ms " + (another ? "another listener woke (unexpected!)" : "nobody else woke"));

    stop.close(); // a close is seen by every receiver, however many
    List<String> afterClose = new ArrayList<>();
    for (int i = 1; i < LISTENERS; i++) afterClose.add(reports.receive());
    out.println("after close:");
    afterClose.stream().sorted().forEach(r -> out.println("  " + r));
    listeners.await();
    out.println("all " + LISTENERS + " listeners stopped");
  }
}
