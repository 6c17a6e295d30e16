package dev.weft.mapreduce;

import java.util.ArrayList;
import java.util.List;

/**
 * How the object shape accumulates the values of one key: combined into one value when the job
 * has a {@link Combiner}, buffered in a list when it does not. An accumulator is owned by the
 * engine, so {@code merge} may change and return its first argument.
 */
sealed interface Agg {

  Object first(Object value);

  Object add(Object acc, Object value);

  Object merge(Object a, Object b);

  List<Object> values(Object acc);

  /** The bytes an accumulator grows by when {@code value} is added; exact for buffers. */
  long growth(Object accBefore, Object accAfter, Object value);

  static Agg of(JobFunctions.OfObjects<?, ?, ?, ?> f) {
    @SuppressWarnings("unchecked")
    Combiner<Object> c = (Combiner<Object>) f.combiner().orElse(null);
    return c == null ? new Buffer() : new Combined(c);
  }

  /** One combined value per key. */
  record Combined(Combiner<Object> combiner) implements Agg {
    @Override
    public Object first(Object value) {
      return value;
    }

    @Override
    public Object add(Object acc, Object value) {
      return java.util.Objects.requireNonNull(combiner.combine(acc, value), "Combiner: returned null");
    }

    @Override
    public Object merge(Object a, Object b) {
      return add(a, b);
    }

    @Override
    public List<Object> values(Object acc) {
      return List.of(acc);
    }

    @Override
    public long growth(Object accBefore, Object accAfter, Object value) {
      return Sizes.of(accAfter) - Sizes.of(accBefore);
    }
  }

  /** Every value, in a list per key. */
  record Buffer() implements Agg {
    @Override
    public Object first(Object value) {
      ArrayList<Object> l = new ArrayList<>(2);
      l.add(value);
      return l;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object add(Object acc, Object value) {
      ((ArrayList<Object>) acc).add(value);
      return acc;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object merge(Object a, Object b) {
      ((ArrayList<Object>) a).addAll((ArrayList<Object>) b);
      return a;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Object> values(Object acc) {
      return (List<Object>) acc;
    }

    @Override
    public long growth(Object accBefore, Object accAfter, Object value) {
      return 8 + Sizes.of(value);
    }
  }
}
