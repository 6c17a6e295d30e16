package dev.weft.examples;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * A {@code redis-server} that an example starts for itself: a child process on a free loopback
 * port, with no persistence and its files in a temporary directory, stopped (and its directory
 * deleted) by {@link #close()}. It can be killed ({@code kill -9}) and started again on the same
 * port, for the examples that show what happens when Redis dies.
 */
final class LocalRedis implements AutoCloseable {

  /** Where {@code redis-server} is looked for, after the {@code PATH}. */
  private static final List<String> PLACES = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path binary;
  private final int port;
  private final Path dir;
  private Process process;

  private LocalRedis(Path binary, int port, Path dir) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
  }

  /** The {@code redis-server} binary, if this machine has one. */
  static Optional<Path> binary() {
    String path = System.getenv("PATH");
    Stream<String> dirs =
        Stream.concat(
            path == null ? Stream.empty() : Stream.of(path.split(java.io.File.pathSeparator)),
            PLACES.stream());
    return dirs.map(d -> Path.of(d, "redis-server")).filter(Files::isExecutable).findFirst();
  }

  /** What an example that needs Redis tells a machine without it; empty when it has it. */
  static Optional<String> missing() {
    return binary().isPresent()
        ? Optional.empty()
        : Optional.of(
            "needs redis-server: install Debian's redis-server package (apt-get install"
                + " redis-server)");
  }

  /** Starts a server on a free loopback port. */
  static LocalRedis start() throws IOException, InterruptedException {
    Path binary =
        binary().orElseThrow(() -> new IllegalStateException("LocalRedis: " + missing().get()));
    LocalRedis redis =
        new LocalRedis(binary, freePort(), Files.createTempDirectory("weft-example-redis-"));
    try {
      redis.launch();
    } catch (IOException | RuntimeException | InterruptedException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  int port() {
    return port;
  }

  /** Kills the server at once, as {@code kill -9} does: no reply, no clean shutdown. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p == null) return;
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
    process = null;
  }

  /** Starts the server again on the same port, after {@link #kill()}. */
  void restart() throws IOException, InterruptedException {
    if (process != null) throw new IllegalStateException("LocalRedis: already running");
    launch();
  }

  private void launch() throws IOException, InterruptedException {
    process =
        new ProcessBuilder(
                binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.out").toFile())
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
        if ("PONG".equals(jedis.ping())) return;
      } catch (RuntimeException notYet) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IOException(
              "LocalRedis: redis-server did not start on port " + port + "; see " + dir, notYet);
        }
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws InterruptedException {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind is not worth failing an example for
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
