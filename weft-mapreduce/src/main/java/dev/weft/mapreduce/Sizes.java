package dev.weft.mapreduce;

import java.util.Collection;
import java.util.Map;

/**
 * Rough heap sizes of keys and values, for the memory budget. They err on the large side for the
 * common types (compressed references, 16-byte object headers) and guess for the rest; the budget
 * is a bound on the estimate, not on the heap.
 */
final class Sizes {
  private Sizes() {}

  /** An entry's share of a hash table's arrays: a hash, a key reference, a value slot, at 50% load. */
  static final int TABLE_SLOT = 2 * (4 + 4 + 8);

  /** A text-table entry's slot, two {@code long}s at 50% load; its key bytes come on top. */
  static final int TEXT_SLOT = 2 * 16;

  static long of(Object o) {
    return switch (o) {
      case String s -> 56 + s.length();
      case Integer i -> 16;
      case Long l -> 24;
      case Double d -> 24;
      case Collection<?> c -> 40 + 24L * c.size();
      case Map<?, ?> m -> 64 + 48L * m.size();
      case byte[] b -> 16 + b.length;
      default -> 64;
    };
  }
}
