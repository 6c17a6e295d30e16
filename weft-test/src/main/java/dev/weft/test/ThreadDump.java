package dev.weft.test;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whole-process thread dumps through {@link HotSpotDiagnosticMXBean#dumpThreads} in JSON form,
 * the one JDK interface that lists virtual threads, and their conversion to {@link LiveThread}s.
 *
 * <p>The JSON layout (JDK 21+): an object {@code threadDump} holds an array {@code
 * threadContainers}; each container holds an array {@code threads}; each thread has {@code tid}
 * (a number written as a string), {@code name} and {@code stack} (an array of frames in {@link
 * StackTraceElement#toString()} form). JDK 25 adds {@code state} and {@code virtual}; both are
 * optional here. Each dump writes and deletes a file in a new temporary directory (the MXBean
 * writes only to a file that does not exist yet).
 */
final class ThreadDump {

  private ThreadDump() {}

  /**
   * Dumps all threads of this JVM.
   *
   * @throws UncheckedIOException if the dump file cannot be written, read or deleted
   * @throws IllegalStateException if the dump cannot be parsed
   */
  static List<LiveThread> all() {
    Path dir = null;
    Path file = null;
    try {
      dir = Files.createTempDirectory("weft-thread-dump");
      file = dir.resolve("threads.json");
      HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      bean.dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("LeakDetector: thread dump failed", e);
    } finally {
      deleteQuietly(file);
      deleteQuietly(dir);
    }
  }

  /**
   * Parses a JSON thread dump. A thread listed in two containers is returned once.
   *
   * @throws IllegalStateException if {@code json} is not a thread dump
   */
  static List<LiveThread> parse(String json) {
    Object root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("LeakDetector: thread dump is not valid JSON", e);
    }
    Map<?, ?> dump = asMap(field(asMap(root, "document"), "threadDump"), "threadDump");
    List<LiveThread> out = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (Object container : asList(field(dump, "threadContainers"), "threadContainers")) {
      Object threads = asMap(container, "thread container").get("threads");
      if (threads == null) continue;
      for (Object t : asList(threads, "threads")) {
        LiveThread thread = thread(asMap(t, "thread"));
        if (seen.add(thread.tid())) out.add(thread);
      }
    }
    return List.copyOf(out);
  }

  private static LiveThread thread(Map<?, ?> t) {
    long tid = number(field(t, "tid"));
    Object name = t.get("name");
    Object state = t.get("state");
    boolean virtual = Boolean.TRUE.equals(t.get("virtual"));
    List<StackTraceElement> stack = new ArrayList<>();
    Object frames = t.get("stack");
    if (frames != null) {
      for (Object frame : asList(frames, "stack")) {
        if (!(frame instanceof String s)) throw malformed("stack frame is not a string");
        try {
          stack.add(StackFrames.parse(s));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("LeakDetector: malformed thread dump: " + e.getMessage(), e);
        }
      }
    }
    return new LiveThread(
        tid,
        name instanceof String s ? s : "",
        state instanceof String s ? s : LiveThread.UNKNOWN_STATE,
        virtual,
        stack,
        Optional.empty());
  }

  /** The dump writes numbers as strings ({@code "tid": "23"}); accept both forms. */
  private static long number(Object v) {
    try {
      if (v instanceof String s) return Long.parseLong(s);
      if (v instanceof BigDecimal d) return d.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw malformed("tid is not an integer: " + v);
    }
    throw malformed("tid is not an integer: " + v);
  }

  private static Object field(Map<?, ?> map, String key) {
    Object v = map.get(key);
    if (v == null) throw malformed("missing \"" + key + "\"");
    return v;
  }

  private static Map<?, ?> asMap(Object v, String what) {
    if (v instanceof Map<?, ?> m) return m;
    throw malformed(what + " is not an object");
  }

  private static List<?> asList(Object v, String what) {
    if (v instanceof List<?> l) return l;
    throw malformed(what + " is not an array");
  }

  private static IllegalStateException malformed(String what) {
    return new IllegalStateException("LeakDetector: malformed thread dump: " + what);
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover file in the temporary directory is harmless; the dump itself succeeded or
      // failed with its own exception.
    }
  }
}
