package dev.weft.context;

import dev.weft.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The parent's values and clock, never done. */
final class WithoutCancelNode extends ContextNode {
  private final ContextNode parent;
  private final Clock clock; // the parent's, copied so that reading it does not walk up the tree

  WithoutCancelNode(ContextNode parent) {
    this.parent = parent;
    this.clock = parent.clock();
  }

  @Override
  ContextNode parent() {
    return parent;
  }

  @Override
  CancelNode cancellable() {
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
    return parent + ".withoutCancel()";
  }
}
