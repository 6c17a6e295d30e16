package dev.weft.context;

import dev.weft.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** A context carrying one key/value pair; everything else is the parent's. */
final class ValueNode extends ContextNode {
  private final ContextNode parent;
  private final ContextKey<?> key;
  private final Object value;

  ValueNode(ContextNode parent, ContextKey<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.value = value;
  }

  @Override
  CancelNode cancellable() {
    return parent.cancellable();
  }

  @Override
  Object lookup(ContextKey<?> k) {
    return k == key ? value : parent.lookup(k);
  }

  @Override
  public Optional<Instant> deadline() {
    return parent.deadline();
  }

  @Override
  public Clock clock() {
    return parent.clock();
  }

  @Override
  public String toString() {
    return parent + ".withValue(" + key.name() + ")";
  }
}
