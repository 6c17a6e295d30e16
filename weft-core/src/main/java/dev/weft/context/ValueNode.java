package dev.weft.context;

import dev.weft.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A context carrying one key/value pair; everything else is the parent's, copied at creation (it
 * never changes) so that reading it does not walk up the tree.
 */
final class ValueNode extends ContextNode {
  private final ContextNode parent;
  private final ContextKey<?> key;
  private final Object value;
  private final CancelNode cancellable;
  private final Optional<Instant> deadline;
  private final Clock clock;

  ValueNode(ContextNode parent, ContextKey<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.value = value;
    this.cancellable = parent.cancellable();
    this.deadline = parent.deadline();
    this.clock = parent.clock();
  }

  ContextKey<?> key() {
    return key;
  }

  Object value() {
    return value;
  }

  @Override
  ContextNode parent() {
    return parent;
  }

  @Override
  CancelNode cancellable() {
    return cancellable;
  }

  @Override
  public Optional<Instant> deadline() {
    return deadline;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return parent + ".withValue(" + key.name() + ")";
  }
}
