package dev.weft.context;

import dev.weft.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The parent's values and clock, never done. */
final class WithoutCancelNode extends ContextNode {
  private final ContextNode parent;

  WithoutCancelNode(ContextNode parent) {
    this.parent = parent;
  }

  @Override
  CancelNode cancellable() {
    return null;
  }

  @Override
  Object lookup(ContextKey<?> key) {
    return parent.lookup(key);
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public Clock clock() {
    return parent.clock();
  }

  @Override
  public String toString() {
    return parent + ".withoutCancel()";
  }
}
