package dev.weft.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.flow.pool.PoolConfig;
import dev.weft.flow.pool.SubmitResult;
import dev.weft.flow.pool.WorkerPool;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure: what a producer does when the consumers are slower, three ways: block, drop, or
 * refuse with HTTP 503.
 *
 * <p>In Go, a full buffered channel blocks the sender, which slows the producer down; a
 * producer that must not block (an HTTP handler) drops the item or answers 503 ({@code select {
 * case ch <- item: default: return 503 }}). With a bounded {@link WorkerPool}: {@code submit}
 * blocks, {@code trySubmit} returns a {@link SubmitResult.Rejected} that is counted as dropped, and
 * an HTTP handler turns that rejection into a 503.
 *
 * <ol>
 *   <li><b>Block:</b> one worker, a queue of 2, eight jobs, the consumer stalled until the producer
 *       first finds the queue full. From then on the producer waits whenever the queue is full; the
 *       queue never holds more than 2.
 *   <li><b>Drop:</b> the same pool, stalled, offered ten events with {@code trySubmit}: 1 runs, 2
 *       queue, 7 are dropped, and the pool counts them.
 *   <li><b>HTTP 503:</b> the JDK's {@code HttpServer} on 127.0.0.1 (a free port) hands each request
 *       to a pool of 2 workers with no queue; the response is written by the worker. Two slow
 *       requests occupy both workers, so the next three are answered 503 at once by the server's
 *       own thread; then the two slow ones complete with 200.
 * </ol>
 *
 * <p>What to look for: the producer waited, queue at most 2; 3 accepted and 7 dropped; 200, 200,
 * 503, 503, 503.
 */
final class BackpressureExample implements Example {

  @Override
  public String name() {
    return "backpressure";
  }

  @Override
  public String description() {
    return "a bounded pool pushes back: block the producer, drop, or answer HTTP 503";
  }

  @Override
  public String goIdiom() {
    return "Go's blocking `ch <- item`, and `select { case ch <- item: default: return 503 }`";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    block(out);
    drop(out);
    http503(out);
  }

  private static PoolConfig bounded() {
    return PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(2);
  }

  private static void block(PrintStream out) throws Exception {
    AtomicInteger maxWaiting = new AtomicInteger();
    CountDownLatch producerHitFull = new CountDownLatch(1); // the consumer is slow until then
    int waits = 0;
    try (WorkerPool pool = WorkerPool.create(bounded())) {
      for (int i = 0; i < 8; i++) {
        Callable<Void> job = () -> {
          maxWaiting.accumulateAndGet(pool.metrics().waiting(), Math::max);
          producerHitFull.await();
          Thread.sleep(5);
          return null;
        };
        if (!pool.trySubmit(job).isAccepted()) {
          waits++; // the queue is full: the blocking submit waits for room
          producerHitFull.countDown();
          pool.submit(job);
        }
      }
    }
    // the bound, not the sampled maximum: how close a sample gets to it is a matter of timing
    int max = maxWaiting.get();
    out.println("block: 8 jobs done, the producer found the queue full " + (waits > 0 ? "and waited" : "never")
        + (max <= 2 ? ", queue never above 2" : ", queue reached " + max + ", above its capacity 2"));
  }

  private static void drop(PrintStream out) throws Exception {
    CountDownLatch stall = new CountDownLatch(1);
    int accepted = 0;
    try (WorkerPool pool = WorkerPool.create(bounded())) {
      for (int i = 0; i < 10; i++) {
        SubmitResult<Void> r = pool.trySubmit(() -> {
          stall.await();
          return null;
        });
        if (r.isAccepted()) accepted++;
      }
      out.println("drop: 10 events offered, " + accepted + " accepted, "
          + pool.metrics().dropped() + " dropped (QUEUE_FULL)");
      stall.countDown();
    }
  }

  private static void http503(PrintStream out) throws Exception {
    CountDownLatch slowMayFinish = new CountDownLatch(1);
    Semaphore started = new Semaphore(0);
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2).withDirectHandoff())) {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        SubmitResult<Void> r = pool.trySubmit(() -> {
          started.release();
          slowMayFinish.await(); // the slow work
          respond(exchange, 200, "done");
          return null;
        });
        if (r instanceof SubmitResult.Rejected<Void> rejected) {
          respond(exchange, 503, "busy (" + rejected.reason() + ")");
        }
      });
      server.start(); // no executor: the server's own thread runs the handler, which never blocks
      try (HttpClient client = HttpClient.newHttpClient()) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/work");
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          slow.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
          started.acquire(); // the request holds a worker
        }
        List<String> lines = new ArrayList<>();
        for (int i = 3; i <= 5; i++) {
          HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
          lines.add("  request " + i + ": " + resp.statusCode() + " " + resp.body());
        }
        slowMayFinish.countDown();
        out.println("http: 2 workers, no queue, 5 requests");
        for (int i = 0; i < 2; i++) {
          HttpResponse<String> resp = slow.get(i).get();
          out.println("  request " + (i + 1) + ": " + resp.statusCode() + " " + resp.body());
        }
        lines.forEach(out::println);
      } finally {
        server.stop(0);
      }
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }
}
