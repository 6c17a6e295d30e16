package dev.weft.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.sync.ErrGroup;
import dev.weft.sync.RunGroup;
import java.time.Duration;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A trace ID on a context reaches every derived context, every group thread and every log line. */
@Timeout(30)
class TraceTest {

  /** Records what reaches the delegate. */
  private static final class Recording implements System.Logger {
    final List<String> lines = new CopyOnWriteArrayList<>();
    Level min = Level.INFO;

    @Override
    public String getName() {
      return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
      return level.getSeverity() >= min.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (!isLoggable(level)) return;
      lines.add(level + " " + (bundle == null ? "" : "bundle ") + msg + (thrown == null ? "" : " ! " + thrown.getMessage()));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (!isLoggable(level)) return;
      lines.add(level + " " + (bundle == null ? "" : "bundle ") + java.text.MessageFormat.format(format, params));
    }
  }

  @Test
  void theIdReachesDerivedContextsAndSurvivesCancellation() {
    Context ctx = Trace.withId(Context.background(), "req-42");
    try (CancelContext child = Context.withTimeout(ctx, Duration.ofMinutes(1))) {
      Context leaf = Context.withoutCancel(Context.withValue(child, ContextKey.of("other"), "x"));
      child.cancel();
      assertThat(Trace.id(child)).contains("req-42");
      assertThat(Trace.id(leaf)).contains("req-42");
    }
    assertThat(Trace.id(Context.background())).isEmpty();
    assertThat(Trace.id(Trace.withId(ctx, "inner"))).contains("inner"); // the nearest wins
  }

  @Test
  void newIdsAreSixteenHexDigitsAndDiffer() {
    String a = Trace.newId();
    assertThat(a).matches("[0-9a-f]{16}");
    assertThat(Trace.newId()).isNotEqualTo(a);
    assertThat(Trace.id(Trace.withNewId(Context.background())).orElseThrow()).matches("[0-9a-f]{16}");
  }

  @Test
  void theIdReachesErrGroupAndRunGroupThreads() throws Exception {
    Context ctx = Trace.withId(Context.background(), "abc");
    List<String> seen = new CopyOnWriteArrayList<>();
    ErrGroup g = ErrGroup.withContext(ctx);
    for (int i = 0; i < 3; i++) g.go(() -> seen.add("errgroup " + Trace.id(g.context()).orElse("none")));
    g.await();
    RunGroup r = RunGroup.withContext(ctx);
    r.add("actor", c -> seen.add("rungroup " + Trace.id(c).orElse("none")));
    r.run();
    assertThat(seen).containsExactlyInAnyOrder("errgroup abc", "errgroup abc", "errgroup abc", "rungroup abc");
  }

  @Test
  void theLoggerPrefixesEveryFormOfMessage() {
    Recording rec = new Recording();
    System.Logger log = Trace.logger(rec, Trace.withId(Context.background(), "t1"));
    log.log(System.Logger.Level.INFO, "plain");
    log.log(System.Logger.Level.WARNING, "count {0}", 3);
    log.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("boom"));
    log.log(System.Logger.Level.INFO, () -> "supplied");
    log.log(System.Logger.Level.DEBUG, "not loggable");
    ResourceBundle bundle = new ListResourceBundle() {
      @Override
      protected Object[][] getContents() {
        return new Object[][] {{"greeting", "hello {0}"}};
      }
    };
    log.log(System.Logger.Level.INFO, bundle, "greeting", "you");
    log.log(System.Logger.Level.INFO, bundle, "missing", (Throwable) null);
    assertThat(rec.lines)
        .containsExactly(
            "INFO [trace=t1] plain",
            "WARNING [trace=t1] count 3",
            "ERROR [trace=t1] failed ! boom",
            "INFO [trace=t1] supplied",
            "INFO [trace=t1] hello you",
            "INFO [trace=t1] missing");
    assertThat(log.getName()).isEqualTo("recording");
    assertThat(log.isLoggable(System.Logger.Level.DEBUG)).isFalse();
    assertThat(log.toString()).isEqualTo("TraceLogger[[trace=t1] -> recording]");
  }

  @Test
  void withoutAnIdTheLoggerAndPrefixAddNothing() {
    Recording rec = new Recording();
    Trace.logger(rec, Context.background()).log(System.Logger.Level.INFO, "bare");
    assertThat(rec.lines).containsExactly("INFO bare");
    assertThat(Trace.prefix(Context.background())).isEmpty();
    assertThat(Trace.prefix(Trace.withId(Context.background(), "x"))).isEqualTo("[trace=x] ");
  }

  @Test
  void badInputFailsFast() {
    Context bg = Context.background();
    for (String bad : new String[] {"", "has space", "{0}", "quote'", "x".repeat(129)}) {
      assertThatThrownBy(() -> Trace.withId(bg, bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Trace: invalid trace ID");
    }
    assertThat(Trace.id(Trace.withId(bg, "00-4bf92f35.77b3:4da6_x"))).isPresent();
    assertThatThrownBy(() -> Trace.withId(null, "a")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Trace.withId(bg, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Trace.id(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Trace.logger(null, bg)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Trace.logger(new Recording(), null)).isInstanceOf(NullPointerException.class);
  }
}
