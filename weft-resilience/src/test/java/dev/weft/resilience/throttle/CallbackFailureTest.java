package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a callback throws goes to the error handler (by default the log) and later calls go on. */
@Timeout(10)
class CallbackFailureTest {

  private static final Context BG = Context.background();
  private final FakeClock clock = new FakeClock();
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  /** What the default handler logs, captured instead of printed in the build output. */
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();

  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final Logger log = Logger.getLogger("dev.weft.resilience.throttle");
  private boolean useParentHandlers;

  @BeforeEach
  void captureTheLog() {
    useParentHandlers = log.getUseParentHandlers();
    log.addHandler(capture);
    log.setUseParentHandlers(false);
  }

  @AfterEach
  void restoreTheLog() {
    log.removeHandler(capture);
    log.setUseParentHandlers(useParentHandlers);
  }
  private final Calls<String> calls =
      new Calls<>(
          v -> {
            switch (v) {
              case "unchecked" -> throw new IllegalStateException("boom");
              case "checked" -> throw new IOException("io");
              case "error" -> throw new AssertionError("assert");
              case "interrupted" -> {
                Thread.currentThread().interrupt();
                throw new InterruptedException("stop");
              }
              default -> {}
            }
          });

  @Test
  void debouncerReportsEachFailureAndKeepsCalling() throws Exception {
    try (Debouncer<String> d =
        Debouncer.create(
            DebounceConfig.of(Duration.ofMillis(10)).withClock(clock), calls, errors::add)) {
      for (String v : List.of("unchecked", "checked", "error", "interrupted", "fine")) {
        d.submit(v);
        assertThat(d.flush()).isTrue();
        d.awaitIdle(BG);
      }
    }
    assertThat(calls.values()).containsExactly("unchecked", "checked", "error", "interrupted", "fine");
    assertThat(errors).extracting(Throwable::getMessage).containsExactly("boom", "io", "assert", "stop");
  }

  @Test
  void throttlerReportsEachFailureAndKeepsCalling() throws Exception {
    try (Throttler<String> t =
        Throttler.create(
            ThrottleConfig.of(Duration.ofMillis(10)).withClock(clock), calls, errors::add)) {
      t.submit("unchecked");
      t.awaitIdle(BG);
      t.submit("checked");
      clock.advance(Duration.ofMillis(10));
      t.awaitIdle(BG);
      clock.advance(Duration.ofMillis(10));
      t.submit("fine");
      t.awaitIdle(BG);
    }
    assertThat(calls.values()).containsExactly("unchecked", "checked", "fine");
    assertThat(errors).extracting(Throwable::getMessage).containsExactly("boom", "io");
  }

  @Test
  void aFailingErrorHandlerDoesNotStopTheDebouncer() throws Exception {
    try (Debouncer<String> d =
        Debouncer.create(
            DebounceConfig.of(Duration.ofMillis(10)).withClock(clock),
            calls,
            e -> {
              throw new IllegalArgumentException("handler");
            })) {
      d.submit("unchecked");
      d.flush();
      d.awaitIdle(BG);
      d.submit("fine");
      d.flush();
      d.awaitIdle(BG);
    }
    assertThat(calls.values()).containsExactly("unchecked", "fine");
    assertThat(logged) // the handler's own failure is logged, suppressed into the callback's
        .singleElement()
        .satisfies(r -> assertThat(r.getThrown().getSuppressed()).hasSize(1));
  }

  @Test
  void withTheDefaultHandlerAFailureIsLoggedAndTheDebouncerGoesOn() throws Exception {
    try (Debouncer<String> d =
        Debouncer.create(DebounceConfig.of(Duration.ofMillis(10)).withClock(clock), calls)) {
      d.submit("unchecked");
      d.flush();
      d.awaitIdle(BG);
      d.submit("fine");
      d.flush();
      d.awaitIdle(BG);
    }
    assertThat(calls.values()).containsExactly("unchecked", "fine");
    assertThat(logged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getLevel()).isEqualTo(Level.WARNING);
              assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
            });
  }
}
