package dev.weft.resilience.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/** A fallback replaces the failures it handles with a value of the call's type, and no others. */
class FallbackTest {

  private static final Context CTX = Context.background();

  @Test
  void aSuccessPassesThrough() throws Exception {
    Fallback<String> f = Fallback.of(e -> "cached");
    assertThat(f.call(CTX, c -> "fresh")).isEqualTo("fresh");
  }

  @Test
  void aHandledFailureIsReplacedByAValueComputedFromIt() throws Exception {
    Fallback<String> f =
        Fallback.of(IOException.class::isInstance, e -> "cached after " + e.getMessage());
    String r =
        f.call(
            CTX,
            c -> {
              throw new IOException("reset");
            });
    assertThat(r).isEqualTo("cached after reset");
  }

  @Test
  void anUnhandledFailureIsThrownUnchanged() {
    Fallback<String> f = Fallback.of(IOException.class::isInstance, e -> "cached");
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                f.call(
                    CTX,
                    c -> {
                      throw boom;
                    }))
        .isSameAs(boom);
  }

  @Test
  void interruptsErrorsAndFailuresAfterTheCallerGaveUpAreNeverReplaced() {
    Fallback<String> f = Fallback.of(e -> "cached");
    InterruptedException interrupt = new InterruptedException();
    assertThatThrownBy(
            () ->
                f.call(
                    CTX,
                    c -> {
                      throw interrupt;
                    }))
        .isSameAs(interrupt);
    AssertionError error = new AssertionError("bug");
    assertThatThrownBy(
            () ->
                f.call(
                    CTX,
                    c -> {
                      throw error;
                    }))
        .isSameAs(error);
    CancelContext ctx = Context.withCancel(CTX);
    IOException late = new IOException("late");
    assertThatThrownBy(
            () ->
                f.call(
                    ctx,
                    c -> {
                      ctx.cancel();
                      throw late;
                    }))
        .isSameAs(late);
  }

  @Test
  void aFailingFallbackThrowsWithTheOriginalSuppressed() {
    IOException original = new IOException("original");
    Fallback<String> f =
        Fallback.of(
            e -> {
              throw new UncheckedIOException("no cache either", new IOException());
            });
    assertThatThrownBy(
            () ->
                f.call(
                    CTX,
                    c -> {
                      throw original;
                    }))
        .isInstanceOf(UncheckedIOException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(original));
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Fallback.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Fallback:");
    assertThatThrownBy(() -> Fallback.of(null, e -> 1))
        .isInstanceOf(NullPointerException.class);
    Fallback<Integer> f = Fallback.of(e -> 1);
    assertThatThrownBy(() -> f.call(null, c -> 2)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> f.call(CTX, null)).isInstanceOf(NullPointerException.class);
  }
}
