package dev.weft.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.resilience.ratelimit.Bandwidth;
import dev.weft.resilience.ratelimit.Decision;
import dev.weft.resilience.ratelimit.KeyedRateLimiter;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A rate limit per client on an HTTP server: a {@link KeyedRateLimiter} keyed by the {@code
 * X-Client-Id} header answers 429 with {@code Retry-After} once a client has used its burst.
 *
 * <p>The server is the JDK's {@code HttpServer} on 127.0.0.1 (a free port), one virtual thread per
 * request. Each request asks the limiter for one permit of its client with {@link
 * KeyedRateLimiter#decide}: admitted, it gets 200; limited, 429 with {@code Retry-After} in whole
 * seconds, rounded up so that a client that waits that long is admitted. Both carry {@code
 * X-RateLimit-Limit} (the burst) and {@code X-RateLimit-Remaining}. A request without the header
 * gets 400: an anonymous bucket shared by everyone would let one client use up the others' limit.
 *
 * <p>The limit is 3 requests per 10 s per client, with bursts of 3. Its clock is a {@link
 * FakeClock} that the example moves by hand, so the timeline is exact and the run takes no time;
 * the HTTP traffic is real. In production leave the clock out ({@link
 * KeyedRateLimiter#of(Bandwidth)}) and size {@link KeyedRateLimiter.Config#maxKeys()} for the
 * clients you expect.
 *
 * <p>What to look for: alice's fourth request is refused with {@code Retry-After: 4} (the next
 * token comes after 3.33 s), while bob, another key, still has his whole burst; after 4 s alice is
 * admitted again. The server stops before the example returns, and its threads with it.
 */
final class RateLimitHttpExample implements Example {

  @Override
  public String name() {
    return "rate-limit-http";
  }

  @Override
  public String description() {
    return "an HTTP server limits each client by its X-Client-Id and answers 429 with Retry-After";
  }

  @Override
  public String goIdiom() {
    return "Go's per-client `map[string]*rate.Limiter` in `net/http` middleware answering"
        + " `http.StatusTooManyRequests`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    FakeClock clock = new FakeClock();
    KeyedRateLimiter<String> perClient =
        KeyedRateLimiter.of(
            clock,
            Bandwidth.of(3, Duration.ofSeconds(10)),
            KeyedRateLimiter.Config.defaults().withMaxKeys(10_000));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> handle(exchange, perClient));
    try (ExecutorService requests = Executors.newVirtualThreadPerTaskExecutor()) {
      server.setExecutor(requests);
      server.start();
      try (HttpClient client = HttpClient.newHttpClient()) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/items");
        out.println("3 requests per 10 s per client, bursts of 3, keyed by X-Client-Id; fake clock");
        for (int i = 0; i < 4; i++) send(client, uri, "alice", clock, out);
        for (int i = 0; i < 2; i++) send(client, uri, "bob", clock, out);
        clock.advance(Duration.ofSeconds(4)); // alice waited as Retry-After said
        send(client, uri, "alice", clock, out);
        send(client, uri, null, clock, out);
      } finally {
        server.stop(0);
      }
    }
    out.println("server stopped; the limiter holds " + perClient.size() + " clients");
  }

  private static void handle(HttpExchange exchange, KeyedRateLimiter<String> perClient)
      throws IOException {
    String client = exchange.getRequestHeaders().getFirst("X-Client-Id");
    if (client == null || client.isBlank()) {
      respond(exchange, 400, "missing X-Client-Id");
      return;
    }
    Decision d = perClient.decide(client, 1);
    var headers = exchange.getResponseHeaders();
    headers.set("X-RateLimit-Limit", Long.toString(perClient.bandwidth().capacity()));
    headers.set("X-RateLimit-Remaining", Long.toString(Math.max(0, perClient.available(client))));
    if (d instanceof Decision.Limited l) {
      long nanos = l.retryAfter().toNanos();
      headers.set("Retry-After", Long.toString(Math.ceilDiv(nanos, 1_000_000_000L)));
      respond(exchange, 429, "too many requests");
    } else {
      respond(exchange, 200, "ok");
    }
  }

  private static void send(HttpClient client, URI uri, String id, FakeClock clock, PrintStream out)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (id != null) request.header("X-Client-Id", id);
    HttpResponse<String> resp = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    StringBuilder line =
        new StringBuilder(
            String.format(
                "  %5d ms  %-6s %d %s",
                Duration.ofNanos(clock.nanoTime()).toMillis(),
                id == null ? "(none)" : id,
                resp.statusCode(),
                resp.body()));
    resp.headers()
        .firstValue("X-RateLimit-Remaining")
        .ifPresent(r -> line.append(", remaining ").append(r));
    resp.headers().firstValue("Retry-After").ifPresent(r -> line.append(", Retry-After: ").append(r));
    out.println(line);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }
}
