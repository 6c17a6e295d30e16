package dev.weft.redis;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A {@code redis-server} run by the tests as a child process of the test JVM (not daemonized, so
 * the JVM owns it), on a free loopback port, with no persistence and its files in a temporary
 * directory. It can be killed, restarted on the same port, paused and resumed, so tests can make
 * Redis die or hang.
 *
 * <p>If {@code redis-server} is not found, {@code scripts/ensure-redis.sh} is run to install it;
 * if that fails, {@link #start()} throws with the script's message: a test that needs Redis fails
 * and says why, it never skips.
 */
final class RedisProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<RedisProcess> LIVE = ConcurrentHashMap.newKeySet();
  private static final ReentrantLock FIND_LOCK = new ReentrantLock();
  private static String binaryPath; // guarded by FIND_LOCK

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> LIVE.forEach(p -> p.process.destroyForcibly()), "redis-process-reaper"));
  }

  private final String binary;
  private final int port;
  private final Path dir;
  private final Path log;
  private final Path output;
  private final List<String> extraArgs;
  private volatile Process process;
  private volatile boolean paused;

  private RedisProcess(String binary, int port, Path dir, List<String> extraArgs) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.log = dir.resolve("redis.log");
    this.output = dir.resolve("output.log");
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** Finds (or installs) redis-server and starts it on a free loopback port. */
  static RedisProcess start() throws IOException {
    return start(List.of());
  }

  /** As {@link #start()}, with more command-line arguments for redis-server. */
  static RedisProcess start(List<String> extraArgs) throws IOException {
    String binary = findBinary();
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir = Files.createTempDirectory("weft-redis-");
      RedisProcess p = new RedisProcess(binary, freePort(), dir, extraArgs);
      try {
        p.launch();
        return p;
      } catch (IOException e) { // most likely the port was taken meanwhile: try another one
        p.close();
        if (last != null) e.addSuppressed(last);
        last = e;
      }
    }
    throw last;
  }

  int port() {
    return port;
  }

  /** A connection config for this server with short timeouts. */
  RedisConfig config() {
    return RedisConfig.defaults()
        .withAddress("127.0.0.1", port)
        .withTimeout(Duration.ofMillis(200))
        .withConnectTimeout(Duration.ofMillis(200));
  }

  /** A plain client for the tests' own commands; close it. */
  Jedis client() {
    return new Jedis("127.0.0.1", port, 2_000);
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: the server dies at once, without a chance to answer or close its sockets nicely. */
  void kill9() throws InterruptedException {
    resumeIfPaused();
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts the server again on the same port (after {@link #kill9()} or {@link #close()}). */
  void restart() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("RedisProcess: still running on port " + port);
    }
    launch();
  }

  /** SIGSTOP: the server stops answering but keeps its sockets: calls hang until their timeout. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT: undoes {@link #pause()}. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
    paused = false;
  }

  /** {@code SCRIPT FLUSH}: the server forgets every cached script. */
  void flushScripts() {
    try (Jedis j = client()) {
      j.scriptFlush();
    }
  }

  /** {@code FLUSHALL}: drops every key. */
  void flushAll() {
    try (Jedis j = client()) {
      j.flushAll();
    }
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The last lines of the server's output and log, for failure messages. */
  String logTail() {
    return tail(output) + "\n" + tail(log);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(nothing in " + file.getFileName() + ")";
    }
  }

  /** SHUTDOWN NOSAVE, then destroy, then destroy forcibly, waiting for the exit each time. */
  @Override
  public void close() {
    try {
      if (process != null && process.isAlive()) {
        resumeIfPaused();
        try (Jedis j = client()) {
          j.sendCommand(Protocol.Command.SHUTDOWN, "NOSAVE");
        } catch (RuntimeException e) {
          // The server closes the connection as it shuts down; that is the expected reply.
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroy();
          if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
          }
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(this);
      deleteDir();
    }
  }

  private void resumeIfPaused() {
    if (!paused) return;
    try {
      resume();
    } catch (IOException e) {
      throw new IllegalStateException("RedisProcess: could not resume pid " + pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("RedisProcess: interrupted resuming pid " + pid(), e);
    }
  }

  private void launch() throws IOException {
    Files.deleteIfExists(log);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                binary,
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--enable-debug-command", "local",
                "--dir", dir.toString(),
                "--logfile", log.toString()));
    command.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(output.toFile()));
    process = pb.start();
    LIVE.add(this);
    try {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(5))
          .pollInSameThread()
          .until(() -> !process.isAlive() || ping());
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new IOException(
          "RedisProcess: redis-server on port " + port + " did not answer PING within "
              + START_TIMEOUT + "; log:\n" + logTail(), e);
    }
    if (!process.isAlive()) {
      throw new IOException(
          "RedisProcess: redis-server on port " + port + " exited with " + process.exitValue()
              + "; log:\n" + logTail());
    }
  }

  private boolean ping() {
    try (Jedis j = new Jedis("127.0.0.1", port, 200)) {
      return "PONG".equals(j.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void signal(String sig) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + sig, String.valueOf(pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("RedisProcess: kill -" + sig + " " + pid() + " failed");
    }
  }

  private void deleteDir() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** {@link #locate()} once per JVM, so that test classes never run the installer twice at once. */
  static String findBinary() throws IOException {
    FIND_LOCK.lock();
    try {
      if (binaryPath == null) binaryPath = locate();
      return binaryPath;
    } finally {
      FIND_LOCK.unlock();
    }
  }

  /** redis-server from the PATH or /usr/bin, else what scripts/ensure-redis.sh installs. */
  private static String locate() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
      if (Files.isExecutable(p)) return p.toString();
    }
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) return p;
    }
    Path script = Path.of(System.getProperty("user.dir"), "scripts", "ensure-redis.sh");
    if (!Files.isRegularFile(script)) {
      throw new IOException(
          "RedisProcess: redis-server is not installed and " + script + " is missing; install"
              + " Debian's redis-server package (apt-get install redis-server)");
    }
    // stderr (apt-get's progress) goes to a file, so that a full pipe cannot block the script
    Path errFile = Files.createTempFile("weft-ensure-redis-", ".log");
    Process p =
        new ProcessBuilder("bash", script.toString())
            .redirectError(ProcessBuilder.Redirect.to(errFile.toFile()))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("RedisProcess: interrupted while installing redis-server", e);
    }
    String err = Files.readString(errFile, StandardCharsets.UTF_8).trim();
    Files.deleteIfExists(errFile);
    String[] lines = out.split("\n");
    String path = lines[lines.length - 1].trim();
    if (code != 0 || path.isEmpty() || !Files.isExecutable(Path.of(path))) {
      String[] errLines = err.split("\n");
      throw new IOException(
          "RedisProcess: " + script + " failed (exit " + code + "): "
              + errLines[errLines.length - 1]);
    }
    return path;
  }
}
