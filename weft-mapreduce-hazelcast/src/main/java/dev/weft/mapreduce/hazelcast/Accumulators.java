package dev.weft.mapreduce.hazelcast;

import com.hazelcast.jet.aggregate.AggregateOperation;
import com.hazelcast.jet.aggregate.AggregateOperation1;
import dev.weft.mapreduce.Combiner;
import dev.weft.mapreduce.LongCombiner;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Jet aggregate operations that stand for a job's combiner: Jet accumulates each key's pairs on
 * the member that mapped them and combines the accumulators of all members on the member that owns
 * the key (its two-stage aggregation), so an accumulator crosses the network once per key and
 * member.
 */
final class Accumulators {
  private Accumulators() {}

  /** A {@code long} value combined by the job's long combiner; empty until the first value. */
  static final class LongAcc implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    boolean present;
    long value;

    void add(long v, LongCombiner c) {
      value = present ? c.combine(value, v) : v;
      present = true;
    }
  }

  /** A value combined by the job's combiner; null until the first value. */
  static final class ObjectAcc implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    Object value;

    void add(Object v, Combiner<Object> c) {
      value = value == null ? v : c.combine(value, v);
    }
  }

  /** Every value of a key (a job without a combiner). */
  static final class ListAcc implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    final ArrayList<Object> values = new ArrayList<>();
  }

  /** Combines {@code long} values (boxed in the pairs) with {@code c}; exports the combination. */
  static AggregateOperation1<Map.Entry<Object, Object>, LongAcc, Long> ofLongs(LongCombiner c) {
    return AggregateOperation.withCreate(LongAcc::new)
        .<Map.Entry<Object, Object>>andAccumulate((a, e) -> a.add((Long) e.getValue(), c))
        .andCombine((a, b) -> {
          if (b.present) a.add(b.value, c);
        })
        .andExportFinish(a -> a.value);
  }

  /** Combines values with {@code c}; exports a one-element list, the reducer's argument. */
  static AggregateOperation1<Map.Entry<Object, Object>, ObjectAcc, List<Object>> combined(Combiner<Object> c) {
    return AggregateOperation.withCreate(ObjectAcc::new)
        .<Map.Entry<Object, Object>>andAccumulate((a, e) -> a.add(e.getValue(), c))
        .andCombine((a, b) -> {
          if (b.value != null) a.add(b.value, c);
        })
        .andExportFinish(a -> {
          List<Object> one = new ArrayList<>(1);
          one.add(a.value);
          return one;
        });
  }

  /** Keeps every value; exports them as a list, the reducer's argument. */
  static AggregateOperation1<Map.Entry<Object, Object>, ListAcc, List<Object>> listed() {
    return AggregateOperation.withCreate(ListAcc::new)
        .<Map.Entry<Object, Object>>andAccumulate((a, e) -> a.values.add(e.getValue()))
        .andCombine((a, b) -> a.values.addAll(b.values))
        .andExportFinish(a -> new ArrayList<>(a.values));
  }
}
