package dev.weft.mapreduce;

import java.util.Objects;
import java.util.Optional;

/**
 * A map-reduce job: an immutable value that says what to compute, not how. {@link LocalEngine}
 * runs it on this machine's cores; the same value, whose functions are plain serializable
 * functional interfaces holding no engine state, can be handed to a cluster engine.
 *
 * <p><b>Mental model.</b> Every record of the {@link Input} goes through the map function, which
 * emits {@code (key, value)} pairs. Pairs of one key are combined as they are emitted (by the
 * {@link Combiner}, if any), assigned to a partition by the {@link Partitioner}, and, once all
 * records are mapped, each key's values go through the reduce function once. The output is one
 * entry per key, in the {@link Output} order.
 *
 * <pre>{@code
 * MapReduceJob<String, String, Long, Long> wordCount =
 *     MapReduceJob.builder(Input.lines(Path.of("book.txt")))
 *         .mapToLong((String line, LongEmitter<String> out) -> {
 *           for (String w : line.split("\\s+")) if (!w.isEmpty()) out.emit(w);
 *         })
 *         .sum()
 *         .output(Output.topK(10, Map.Entry.<String, Long>comparingByValue().reversed()))
 *         .build();
 * JobResult<String, Long> top = new LocalEngine(JobConfig.defaults()).run(ctx, wordCount);
 * }</pre>
 *
 * <p>The {@code long} shape ({@link Builder#mapToLong}) emits and combines primitive {@code
 * long}s: a word count does not box a value per word. A job is built by a {@link Builder}, which is
 * not thread-safe; a built job is immutable and may be run any number of times, by any engine,
 * from any thread (an {@link Input#channel} input is consumed by its first run).
 *
 * @param <R> the record type
 * @param <K> the intermediate and output key type
 * @param <V> the intermediate value type
 * @param <O> the output value type
 */
public final class MapReduceJob<R, K, V, O> {

  private final Input<R> input;
  private final JobFunctions<R, K, V, O> functions;
  private final Partitioner<K> partitioner;
  private final Output<K, O> output;
  private final Codec<K> keyCodec;
  private final Codec<V> valueCodec;

  private MapReduceJob(
      Input<R> input,
      JobFunctions<R, K, V, O> functions,
      Partitioner<K> partitioner,
      Output<K, O> output,
      Codec<K> keyCodec,
      Codec<V> valueCodec) {
    this.input = input;
    this.functions = functions;
    this.partitioner = partitioner;
    this.output = output;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  /**
   * Starts building a job that reads {@code input}.
   *
   * @param input where the records come from
   * @param <R> the record type
   * @return a new builder
   * @throws NullPointerException if {@code input} is null
   */
  public static <R> Builder<R> builder(Input<R> input) {
    return new Builder<>(Objects.requireNonNull(input, "MapReduceJob: input is null"));
  }

  /**
   * Where the records come from.
   *
   * @return the input
   */
  public Input<R> input() {
    return input;
  }

  /**
   * The user functions.
   *
   * @return the functions, in their shape
   */
  public JobFunctions<R, K, V, O> functions() {
    return functions;
  }

  /**
   * How keys are assigned to partitions.
   *
   * @return the partitioner
   */
  public Partitioner<K> partitioner() {
    return partitioner;
  }

  /**
   * The order of the output.
   *
   * @return the output ordering
   */
  public Output<K, O> output() {
    return output;
  }

  /**
   * How keys are written to spill runs.
   *
   * @return the key codec
   */
  public Codec<K> keyCodec() {
    return keyCodec;
  }

  /**
   * How values are written to spill runs (unused by the {@code long} shape).
   *
   * @return the value codec
   */
  public Codec<V> valueCodec() {
    return valueCodec;
  }

  @Override
  public String toString() {
    return "MapReduceJob[" + input.getClass().getSimpleName() + ", "
        + functions.getClass().getSimpleName() + ", " + output + "]";
  }

  /**
   * The first step of building a job: the map function. Not thread-safe.
   *
   * @param <R> the record type
   */
  public static final class Builder<R> {
    private final Input<R> input;

    private Builder(Input<R> input) {
      this.input = input;
    }

    /**
     * Maps each record to object pairs.
     *
     * @param mapper the map function
     * @param <K> the key type
     * @param <V> the value type
     * @return the next step
     * @throws NullPointerException if {@code mapper} is null
     */
    public <K, V> MapStep<R, K, V> map(Mapper<R, K, V> mapper) {
      return new MapStep<>(input, Objects.requireNonNull(mapper, "MapReduceJob: mapper is null"));
    }

    /**
     * Maps each record to {@code (key, long)} pairs, combined without boxing.
     *
     * @param mapper the map function
     * @param <K> the key type
     * @return the next step
     * @throws NullPointerException if {@code mapper} is null
     */
    public <K> LongMapStep<R, K> mapToLong(LongMapper<R, K> mapper) {
      return new LongMapStep<>(input, Objects.requireNonNull(mapper, "MapReduceJob: mapper is null"));
    }

    /**
     * Maps each line, as UTF-8 bytes, to {@code (String, long)} pairs: the fast path for word
     * counts and their kin, where mapping a line allocates nothing (see {@link TextMapper}). The
     * records must be {@code String}s: {@link Input#lines}, or a collection or channel of strings.
     *
     * @param mapper the map function
     * @return the next step
     * @throws NullPointerException if {@code mapper} is null
     * @throws IllegalArgumentException if the input is a collection holding a record that is not
     *     a {@code String}
     */
    @SuppressWarnings("unchecked")
    public LongMapStep<R, String> mapTextToLong(TextMapper mapper) {
      Objects.requireNonNull(mapper, "MapReduceJob: mapper is null");
      if (input instanceof Input.Items<?> items) {
        int i = 0;
        for (Object o : items.items()) {
          if (!(o instanceof String)) {
            throw new IllegalArgumentException(
                "MapReduceJob: mapTextToLong needs String records; record " + i + " is a "
                    + o.getClass().getName());
          }
          i++;
        }
      }
      return new LongMapStep<>(input, (LongMapper<R, String>) (LongMapper<?, String>) new Texts.Adapter(mapper));
    }
  }

  /**
   * The step after an object map function: an optional combiner, then the reduce function. Not
   * thread-safe.
   *
   * @param <R> the record type
   * @param <K> the key type
   * @param <V> the value type
   */
  public static final class MapStep<R, K, V> {
    private final Input<R> input;
    private final Mapper<R, K, V> mapper;
    private Combiner<V> combiner;

    private MapStep(Input<R> input, Mapper<R, K, V> mapper) {
      this.input = input;
      this.mapper = mapper;
    }

    /**
     * Combines the values of a key on every emit and at every merge; without a combiner every
     * value is kept until its key is reduced.
     *
     * @param combiner the combiner, associative and commutative
     * @return this step
     * @throws NullPointerException if {@code combiner} is null
     */
    public MapStep<R, K, V> combine(Combiner<V> combiner) {
      this.combiner = Objects.requireNonNull(combiner, "MapReduceJob: combiner is null");
      return this;
    }

    /**
     * Reduces the values of each key.
     *
     * @param reducer the reduce function
     * @param <O> the output value type
     * @return the last step
     * @throws NullPointerException if {@code reducer} is null
     */
    public <O> FinalStep<R, K, V, O> reduce(Reducer<K, V, O> reducer) {
      return new FinalStep<>(
          input, new JobFunctions.OfObjects<>(mapper, Optional.ofNullable(combiner), reducer));
    }
  }

  /**
   * The step after a {@code long} map function: the combiner (a sum by default), then the reduce
   * function. Not thread-safe.
   *
   * @param <R> the record type
   * @param <K> the key type
   */
  public static final class LongMapStep<R, K> {
    private final Input<R> input;
    private final LongMapper<R, K> mapper;
    private LongCombiner combiner = LongCombiner.sum();

    private LongMapStep(Input<R> input, LongMapper<R, K> mapper) {
      this.input = input;
      this.mapper = mapper;
    }

    /**
     * Combines the values of a key with {@code combiner} instead of summing them.
     *
     * @param combiner the combiner, associative and commutative
     * @return this step
     * @throws NullPointerException if {@code combiner} is null
     */
    public LongMapStep<R, K> combine(LongCombiner combiner) {
      this.combiner = Objects.requireNonNull(combiner, "MapReduceJob: combiner is null");
      return this;
    }

    /**
     * Reduces the combined value of each key.
     *
     * @param reducer the reduce function
     * @param <O> the output value type
     * @return the last step
     * @throws NullPointerException if {@code reducer} is null
     */
    public <O> FinalStep<R, K, Long, O> reduce(LongReducer<K, O> reducer) {
      return new FinalStep<>(input, new JobFunctions.OfLongs<>(mapper, combiner, reducer));
    }

    /**
     * Outputs the combined value of each key as it is (a count, with the default combiner).
     *
     * @return the last step
     */
    public FinalStep<R, K, Long, Long> sum() {
      return reduce((key, value) -> value);
    }
  }

  /**
   * The last step: partitioner, output order, codecs, then {@link #build()}. Not thread-safe.
   *
   * @param <R> the record type
   * @param <K> the key type
   * @param <V> the value type
   * @param <O> the output value type
   */
  public static final class FinalStep<R, K, V, O> {
    private final Input<R> input;
    private final JobFunctions<R, K, V, O> functions;
    private Partitioner<K> partitioner = Partitioner.hash();
    private Output<K, O> output = Output.unordered();
    private Codec<K> keyCodec = Codec.auto();
    private Codec<V> valueCodec = Codec.auto();

    private FinalStep(Input<R> input, JobFunctions<R, K, V, O> functions) {
      this.input = input;
      this.functions = functions;
    }

    /**
     * Assigns keys to partitions with {@code partitioner} instead of by hash.
     *
     * @param partitioner the partitioner
     * @return this step
     * @throws NullPointerException if {@code partitioner} is null
     */
    public FinalStep<R, K, V, O> partitioner(Partitioner<K> partitioner) {
      this.partitioner = Objects.requireNonNull(partitioner, "MapReduceJob: partitioner is null");
      return this;
    }

    /**
     * Orders the output.
     *
     * @param output the ordering
     * @return this step
     * @throws NullPointerException if {@code output} is null
     */
    public FinalStep<R, K, V, O> output(Output<K, O> output) {
      this.output = Objects.requireNonNull(output, "MapReduceJob: output is null");
      return this;
    }

    /**
     * Writes keys to spill runs with {@code codec} instead of {@link Codec#auto()}.
     *
     * @param codec the key codec
     * @return this step
     * @throws NullPointerException if {@code codec} is null
     */
    public FinalStep<R, K, V, O> keyCodec(Codec<K> codec) {
      this.keyCodec = Objects.requireNonNull(codec, "MapReduceJob: key codec is null");
      return this;
    }

    /**
     * Writes values to spill runs with {@code codec} instead of {@link Codec#auto()}.
     *
     * @param codec the value codec
     * @return this step
     * @throws NullPointerException if {@code codec} is null
     */
    public FinalStep<R, K, V, O> valueCodec(Codec<V> codec) {
      this.valueCodec = Objects.requireNonNull(codec, "MapReduceJob: value codec is null");
      return this;
    }

    /**
     * Builds the job. The builder may go on to build others.
     *
     * @return a new immutable job
     */
    public MapReduceJob<R, K, V, O> build() {
      return new MapReduceJob<>(input, functions, partitioner, output, keyCodec, valueCodec);
    }
  }
}
