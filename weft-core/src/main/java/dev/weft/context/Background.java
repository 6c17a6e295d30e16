package dev.weft.context;

import dev.weft.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** A root: never done. */
final class Background extends ContextNode {
  static final Background SYSTEM = new Background(Clock.system(), "Context.background()");
  static final Background TODO = new Background(Clock.system(), "Context.todo()");

  private final Clock clock;
  private final String name;

  Background(Clock clock) {
    this(clock, "Context.background(" + clock + ")");
  }

  private Background(Clock clock, String name) {
    this.clock = clock;
    this.name = name;
  }

  @Override
  CancelNode cancellable() {
    return null;
  }

  @Override
  ContextNode parent() {
    return null;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return name;
  }
}
