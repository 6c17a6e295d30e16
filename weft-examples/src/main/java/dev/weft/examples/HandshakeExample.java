package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handshake: an unbuffered channel is a synchronization point, not a queue.
 *
 * <p>A send on {@link Channel#unbuffered()} returns only when a receiver has taken the value, so
 * both sides meet at the channel: a rendezvous. Three uses are shown:
 *
 * <ol>
 *   <li>Nothing can be left behind: with no receiver waiting, {@code trySend} reports {@code Full}.
 *   <li>A ready signal (Go's {@code close(ready)} / {@code <-ready}): a worker prepares a config
 *       and closes {@code ready}; the main thread waits for the close and then reads the config
 *       without a lock, because closing happens-before the receive that sees it closed.
 *   <li>Ping-pong, request and response over two unbuffered channels: each line is printed
 *       before the send that hands the turn over, so the output is strictly alternating.
 * </ol>
 *
 * <p>What to look for: {@code ping n} and {@code pong n} alternate in lock step, and the config
 * is read only after {@code ready} closed.
 */
final class HandshakeExample implements Example {

  private static final int ROUNDS = 3;

  @Override
  public String name() {
    return "handshake";
  }

  @Override
  public String description() {
    return "an unbuffered channel as a synchronization point: ready signal and ping-pong";
  }

  @Override
  public String goIdiom() {
    return "Go's unbuffered `make(chan T)` as a rendezvous, and `close(ready)` / `<-ready`";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    Channel<String> lonely = Channel.unbuffered();
    String result = lonely.trySend("hello").getClass().getSimpleName();
    out.println("trySend on an unbuffered channel with no receiver: " + result);

    // 1. ready := make(chan struct{}); go func() { prepare(); close(ready) }(); <-ready
    Channel<Void> ready = Channel.unbuffered();
    Map<String, String> config = new HashMap<>(); // published by the close of ready
    WaitGroup wg = new WaitGroup();
    wg.go(() -> {
      config.put("replicas", "3");
      config.put("image", "web:1.4");
      ready.close();
    });
    ReceiveResult<Void> signal = ready.receiveResult();
    out.println("main: ready is " + (signal.isClosed() ? "closed" : signal) + ", config = "
        + new TreeMap<>(config));

    // 2. ping-pong: each side hands the turn to the other through an unbuffered channel.
    Channel<Integer> ping = Channel.unbuffered();
    Channel<Integer> pong = Channel.unbuffered();
    wg.go(() -> {
      for (int n : ping) { // ends when main closes ping
        out.println("  player: pong " + n);
        pong.send(n);
      }
    });
    for (int n = 1; n <= ROUNDS; n++) {
      out.println("main:   ping " + n);
      ping.send(n); // returns once the player has taken it
      int back = pong.receive();
      out.println("main:   got pong " + back);
    }
    ping.close();
    wg.await();
    out.println("main: " + ROUNDS + " rounds, every send met its receiver");
  }
}
