package dev.weft.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records the virtual threads that were pinned to their carrier while a block of code ran, using
 * JDK Flight Recorder's {@code jdk.VirtualThreadPinned} event.
 *
 * <pre>{@code
 * PinningDetector.assertNoPinning(() -> {
 *   Thread.ofVirtual().start(task).join();   // join every thread the block starts
 * });
 *
 * try (PinningDetector d = PinningDetector.start()) {
 *   runWorkload();
 *   List<PinnedEvent> pins = d.stop();
 * }
 * }</pre>
 *
 * <p><b>What pins.</b> A virtual thread is pinned when it blocks while it cannot unmount. On JDK
 * 21–23 that includes blocking inside {@code synchronized} and in {@code Object.wait}; since JDK
 * 24 (JEP 491) those no longer pin. On every release it still pins when it blocks with a native
 * or VM frame on its stack: inside a class initialiser ({@code static {}}), in a native method
 * that called back into Java, or in a foreign upcall.
 *
 * <p><b>How events are read reliably.</b> JFR writes events to thread-local buffers
 * asynchronously, so a streaming consumer may see an event late. This class therefore uses a
 * plain {@link Recording}: {@link #stop()} stops it (which flushes every buffer into the
 * recording), dumps it to a temporary file, and reads that with {@link RecordingFile}. An event is
 * committed when the pinned thread unblocks, so a pin that has not ended when {@code stop()} is
 * called is not reported: join the threads the block started before it returns.
 *
 * <p><b>Scope.</b> JFR records the whole JVM: pins by threads unrelated to the block are reported
 * too, so run such checks where no other work runs concurrently (tests run one at a time by
 * default). Events are kept if they ended after the recording started and lasted at least the
 * threshold. Starting the first recording in a JVM takes a noticeable time (JFR initialises).
 *
 * <p><b>Thread safety.</b> {@link #stop()} and {@link #close()} may be called from any thread;
 * the first {@code stop()} reads the events and later calls return the same list. A detector
 * cannot be restarted.
 */
public final class PinningDetector implements AutoCloseable {

  /** The JFR event type recorded. */
  public static final String EVENT_NAME = "jdk.VirtualThreadPinned";

  private final Duration threshold;
  private final Recording recording;
  private final ReentrantLock lock = new ReentrantLock();

  /** The events, once stopped; guarded by {@link #lock}. */
  private List<PinnedEvent> events;

  /** Guarded by {@link #lock}. */
  private boolean closed;

  private PinningDetector(Duration threshold) {
    this.threshold = threshold;
    this.recording = new Recording();
    recording.setName("weft PinningDetector");
    recording.setToDisk(true);
    recording.enable(EVENT_NAME).withThreshold(threshold).withStackTrace();
    recording.start();
  }

  /**
   * Starts recording every pin, however short.
   *
   * @return the running detector
   * @throws IllegalStateException if JFR is not available in this JVM
   */
  public static PinningDetector start() {
    return start(Duration.ZERO);
  }

  /**
   * Starts recording pins that last at least {@code threshold}.
   *
   * @param threshold the shortest pin to record
   * @return the running detector
   * @throws NullPointerException if {@code threshold} is null
   * @throws IllegalArgumentException if {@code threshold} is negative
   * @throws IllegalStateException if JFR is not available in this JVM
   */
  public static PinningDetector start(Duration threshold) {
    Objects.requireNonNull(threshold, "PinningDetector: threshold is null");
    if (threshold.isNegative()) throw new IllegalArgumentException("PinningDetector: threshold is negative: " + threshold);
    if (!FlightRecorder.isAvailable()) throw new IllegalStateException("PinningDetector: JFR is not available in this JVM");
    return new PinningDetector(threshold);
  }

  /**
   * Runs {@code block} while recording, and returns the pins that ended while it ran.
   *
   * @param block the code to run
   * @return the pins that ended while {@code block} ran, oldest first
   * @throws Exception what {@code block} throws (the recording is then discarded)
   * @throws NullPointerException if {@code block} is null
   * @throws IllegalStateException if JFR is not available
   */
  public static List<PinnedEvent> record(ThrowingRunnable block) throws Exception {
    Objects.requireNonNull(block, "PinningDetector: block is null");
    try (PinningDetector detector = start()) {
      block.run();
      return detector.stop();
    }
  }

  /**
   * Runs {@code block} and fails if any virtual thread was pinned while it ran.
   *
   * @param block the code to run
   * @throws PinningError listing the pinning events, if there were any
   * @throws Exception what {@code block} throws
   * @throws NullPointerException if {@code block} is null
   * @throws IllegalStateException if JFR is not available
   */
  public static void assertNoPinning(ThrowingRunnable block) throws Exception {
    List<PinnedEvent> pins = record(block);
    if (!pins.isEmpty()) throw new PinningError(pins);
  }

  /**
   * Stops recording and returns the pinning events, oldest first. Waits for JFR to write and for
   * the file to be read; the first call does the work, later calls return the same list.
   *
   * @return the pinning events, oldest first
   * @throws IllegalStateException if the detector was closed before it was stopped
   * @throws UncheckedIOException if the recording cannot be written or read
   */
  public List<PinnedEvent> stop() {
    lock.lock();
    try {
      if (events != null) return events;
      if (closed) throw new IllegalStateException("PinningDetector: closed before stop()");
      Instant started = recording.getStartTime();
      recording.stop();
      events = read(started);
      return events;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the recording if needed and frees it. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      recording.close();
    } finally {
      lock.unlock();
    }
  }

  private List<PinnedEvent> read(Instant started) {
    Path file = null;
    try {
      file = Files.createTempFile("weft-pinning", ".jfr");
      recording.dump(file);
      List<PinnedEvent> out = new ArrayList<>();
      try (RecordingFile rf = new RecordingFile(file)) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          if (!e.getEventType().getName().equals(EVENT_NAME)) continue;
          // Chunks are shared with other recordings: drop what ours would not have recorded.
          if (e.getEndTime().isBefore(started) || e.getDuration().compareTo(threshold) < 0) continue;
          out.add(toPinnedEvent(e));
        }
      }
      out.sort((a, b) -> a.start().compareTo(b.start()));
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("PinningDetector: cannot read the recording", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private static PinnedEvent toPinnedEvent(RecordedEvent e) {
    RecordedThread t = e.getThread();
    String name = t == null || t.getJavaName() == null ? "" : t.getJavaName();
    long tid = t == null ? -1 : t.getJavaThreadId();
    Optional<String> carrier = Optional.empty();
    if (e.hasField("carrierThread") && e.getValue("carrierThread") instanceof RecordedThread c) {
      carrier = Optional.ofNullable(c.getJavaName());
    }
    return new PinnedEvent(
        name,
        tid,
        e.getStartTime(),
        e.getDuration(),
        carrier,
        stringField(e, "blockingOperation"),
        stringField(e, "pinnedReason"),
        frames(e.getStackTrace()));
  }

  private static Optional<String> stringField(RecordedEvent e, String field) {
    return e.hasField(field) ? Optional.ofNullable(e.getString(field)) : Optional.empty();
  }

  private static List<StackTraceElement> frames(RecordedStackTrace trace) {
    if (trace == null) return List.of();
    List<StackTraceElement> out = new ArrayList<>(trace.getFrames().size());
    for (RecordedFrame f : trace.getFrames()) {
      if (f.getMethod() == null) continue;
      String cls = f.getMethod().getType() == null ? "?" : f.getMethod().getType().getName();
      out.add(new StackTraceElement(cls, f.getMethod().getName(), null, f.getLineNumber()));
    }
    return out;
  }
}
