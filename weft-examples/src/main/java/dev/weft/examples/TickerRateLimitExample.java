package dev.weft.examples;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Ticker;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Rate limiting with a ticker: drain a queue at a fixed rate, then allow short bursts.
 *
 * <p>Part 1 is Go's classic loop: before each request, wait for the next tick.
 *
 * <pre>{@code
 * for req := range requests { <-ticker.C; handle(req) }
 * }</pre>
 *
 * Six requests are queued at once; one is handled per 50 ms tick, whatever the arrival pattern.
 *
 * <p>Part 2 allows bursts (Go by Example's "bursty limiter"): a channel of capacity 3 holds
 * permits, starts full, and a feeder thread refills it from the ticker. The first three requests
 * go at once, the rest at the ticker's rate; a context stops the feeder, and try-with-resources
 * stops the ticker (a ticker that is never stopped is Go's classic "ticker leak"). For smoother
 * limits with a configurable burst, use a token bucket.
 *
 * <p>What to look for: in part 1 the requests are about 50 ms apart; in part 2 the first three
 * share the same instant and the rest follow 50 ms apart.
 */
final class TickerRateLimitExample implements Example {

  private static final Duration PERIOD = Duration.ofMillis(50);
  private static final int REQUESTS = 6;
  private static final int BURST = 3;

  @Override
  public String name() {
    return "ticker-rate-limit";
  }

  @Override
  public String description() {
    return "drain a queue at a fixed rate with a Ticker; a buffered channel of permits for bursts";
  }

  @Override
  public String goIdiom() {
    return "Go's `<-ticker.C` before each request, and a bursty limiter on a buffered channel";
  }

  @Override
  public void run(PrintStream out) throws InterruptedException {
    out.println("part 1: one request per " + PERIOD.toMillis() + " ms tick");
    Channel<String> requests = queue();
    long start = System.nanoTime();
    try (Ticker ticker = Ticker.start(PERIOD)) {
      for (String r : requests) {
        ticker.channel().receive(); // wait for the next tick
        out.println(line(start, r));
      }
    }

    out.println("part 2: bursts of up to " + BURST + ", then one per tick");
    Channel<Instant> permits = Channel.buffered(BURST);
    for (int i = 0; i < BURST; i++) permits.send(Instant.now()); // start with a full burst
    WaitGroup feeder = new WaitGroup();
    requests = queue();
    start = System.nanoTime();
    try (CancelContext ctx = Context.withCancel(Context.background());
        Ticker ticker = Ticker.start(PERIOD)) {
      feeder.go(() -> { // one permit per tick, waiting while the burst is full
        while (true) {
          ReceiveResult<Instant> tick = ticker.channel().receiveResult(ctx);
          if (!tick.isValue() || !permits.sendResult(tick.value(), ctx).isSent()) return; // ctx done
        }
      });
      for (String r : requests) {
        permits.receive();
        out.println(line(start, r));
      }
    } // cancels ctx: the feeder stops; stops the ticker
    feeder.await();
  }

  private static Channel<String> queue() throws InterruptedException {
    Channel<String> requests = Channel.buffered(REQUESTS);
    for (int i = 1; i <= REQUESTS; i++) requests.send("request " + i);
    requests.close();
    return requests;
  }

  private static String line(long start, String request) {
    long ms = (System.nanoTime() - start) / 1_000_000;
    return String.format("  at %3d ms: %s", ms / 10 * 10, request);
  }
}
