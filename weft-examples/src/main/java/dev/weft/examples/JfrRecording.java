package dev.weft.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder recording of a few event types, started and read back in-process: what the
 * examples that find pinning and hot locks use.
 *
 * <p>{@link #stop()} stops the recording, which flushes every thread's event buffer, dumps it to a
 * temporary file and reads the events back; reading a stopped recording this way sees every
 * committed event, where a streaming consumer may see one late. JFR records the whole JVM, so run
 * the workload alone.
 */
final class JfrRecording implements AutoCloseable {

  private final Recording recording = new Recording();

  /** Starts a recording of {@code events}, every occurrence (no threshold), with stack traces. */
  JfrRecording(String... events) {
    recording.setName("weft example");
    recording.setToDisk(true);
    for (String event : events) recording.enable(event).withThreshold(Duration.ZERO).withStackTrace();
    recording.start();
  }

  /** Stops the recording and returns its events. */
  List<RecordedEvent> stop() throws IOException {
    recording.stop();
    Path file = Files.createTempFile("weft-example-", ".jfr");
    try {
      recording.dump(file);
      return RecordingFile.readAllEvents(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public void close() {
    recording.close();
  }
}
