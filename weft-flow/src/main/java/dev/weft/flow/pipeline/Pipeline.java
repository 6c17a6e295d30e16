package dev.weft.flow.pipeline;

import dev.weft.task.ContextConsumer;
import dev.weft.task.ContextFunction;
import dev.weft.task.ContextPredicate;
import dev.weft.task.ThrowingConsumer;
import dev.weft.task.ThrowingFunction;
import dev.weft.task.ThrowingPredicate;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.SendChannel;
import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * A streaming pipeline: a source, stages built from functions, and a sink, joined by bounded
 * channels so that a slow stage holds back the ones before it (backpressure). Go's pipeline
 * pattern, with the shutdown, error and ordering handling written once.
 *
 * <pre>{@code
 * List<List<Order>> batches =
 *     Pipeline.from(lines)
 *         .map("parse", Order::parse)
 *         .map("enrich", this::enrich, StageOptions.parallel(8))      // 8 threads, input order kept
 *         .filter("valid", Order::isValid)
 *         .batch("batch", 100, Duration.ofMillis(50))
 *         .toList()
 *         .run(ctx);
 * }</pre>
 *
 * <p><b>Mental model.</b> Each stage runs on weft virtual threads ({@link
 * StageOptions#parallelism()} of them) and reads from a channel of capacity {@link
 * StageOptions#buffer()} in front of it. A stage whose input buffer is full blocks the stage before
 * it, all the way up to the source, so at most about {@code buffer + parallelism} items wait in or
 * at each stage (an ordered parallel stage holds up to {@code 2 * parallelism} in flight).
 * {@link PipelineRun#metrics()} shows, per stage, items in and out, time blocked sending and
 * receiving, and queue depth: see {@link StageMetrics} for finding the bottleneck.
 *
 * <p><b>Fusion.</b> Neighbouring stages that each have parallelism 1 (the source and sink
 * included; not a {@code batch} after another stage) are <i>fused</i>: they share one thread, and
 * each item is handed from one stage's function to the next by a plain call, with no channel
 * between them, so a chain of cheap stages costs about what the same functions cost in a loop.
 * Everything else holds per stage as described here (its own counts, error policy, name in
 * failures, order), except that a fused stage has no buffer in front of it and no time blocked
 * between it and its fused neighbours: while it works on an item, the stages before it in its
 * chain wait, and it holds that one item only. Mark a stage {@link StageOptions#unfused()} to give
 * it a thread of its own behind its buffer, so that it works at the same time as its neighbours:
 * for stages that block on I/O one after another, or to put a buffer between a bursty stage and a
 * slow one. Stages with parallelism above 1 always have threads of their own.
 *
 * <p><b>When a parallel stream is the better tool.</b> Every item crosses a thread boundary
 * between stages that run on threads of their own, and that costs a few hundred nanoseconds of
 * cache traffic per item on a 2-core machine. For CPU-bound work over an in-memory collection,
 * with nothing that blocks, no per-stage limit on concurrent calls and no need for per-stage
 * metrics or error policies, {@code collection.parallelStream()} is faster: it splits its source
 * into chunks and reduces per worker. With two stages of about 350 ns each on 2 threads each, a
 * pipeline measured 580 ns per item and a parallel stream 376 (see
 * docs/adr/0033-contended-limiters-breakers-and-parallel-stages.md). A pipeline pays off where
 * stages wait on I/O, need their own concurrency limits, backpressure against a slow consumer, or
 * per-stage errors and metrics.
 *
 * <p><b>Ordering.</b> With parallelism 1 a stage keeps its input order. With more, an ordered stage
 * (the default) still emits results in input order, an {@linkplain StageOptions#unordered()
 * unordered} one as soon as each is ready. Sources and sinks run on one thread, so a pipeline whose
 * stages are all ordered delivers items to the sink in source order.
 *
 * <p><b>Errors.</b> Stage functions may throw. By default the first exception thrown anywhere
 * (source, stage or sink) cancels the whole run and is reported as a {@link PipelineException}
 * naming the stage, with the original exception as cause and any later ones suppressed in it. A
 * stage function that returns {@code null} (or a source that yields one) fails its stage with a
 * {@link NullPointerException}. A stage whose options carry another {@link ErrorPolicy} instead
 * skips the failing item, or hands it to a dead-letter sink, and goes on:
 *
 * <pre>{@code
 * .map("parse", Order::parse, StageOptions.defaults().withErrorPolicy(ErrorPolicy.skip()))
 * }</pre>
 *
 * <p><b>Cancellation.</b> A run is cancelled when the {@link dev.weft.context.Context} it was
 * started with is done, or by {@link PipelineRun#cancel()}. Stage threads stop at their next
 * channel operation or, in a fused chain, their next item; items inside the pipeline are then
 * discarded. A stage function that blocks without watching for cancellation delays the end of
 * the run until it returns (and, in a fused chain, holds back the stages that share its thread):
 * pass the run's context to such waits.
 *
 * <p><b>Context.</b> Each stage method that takes a function has a {@code ...WithContext} form
 * ({@link #mapWithContext mapWithContext}, {@link #filterWithContext filterWithContext}, {@link
 * #flatMapWithContext flatMapWithContext}, {@link #tapWithContext tapWithContext}, {@link
 * #forEachWithContext forEachWithContext}) whose function also receives the run's context, a
 * child of the one the run was started with that is done when the run is cancelled or fails:
 *
 * <pre>{@code
 * .mapWithContext("fetch", (ctx, url) -> http.get(url, ctx), StageOptions.parallel(8))
 * }</pre>
 *
 * <p>They have their own names rather than being overloads of {@code map} and the others: an
 * overload taking a two-argument function would make overloaded method references such as {@code
 * Integer::parseInt} or {@code list::add} ambiguous.
 *
 * <p><b>Building.</b> A {@code Pipeline} is an immutable description: each method returns a new
 * pipeline with one more stage and leaves this one unchanged, so a prefix may be shared. Nothing
 * runs until a sink method's {@link RunnablePipeline} is {@linkplain RunnablePipeline#run run} or
 * {@linkplain RunnablePipeline#start started}. Stage names must be non-blank and unique within a
 * pipeline (sources, taps and sinks named by default get a numbered name when taken).
 *
 * <p><b>Memory consistency effects:</b> actions in a stage before it emits an item
 * <i>happen-before</i> the next stage's processing of that item; everything the stages did
 * happens-before the return of {@code run} or {@code await}.
 *
 * @param <T> the type of the items leaving the last stage so far
 */
public final class Pipeline<T> {

  private final List<Stage> stages;

  private Pipeline(List<Stage> stages) {
    this.stages = stages;
  }

  // ---- sources ----

  /**
   * A pipeline whose source, named {@code "source"}, yields the elements of {@code items} in
   * iteration order. The iterator is created on the source's thread, once per run.
   *
   * @param <T> the type of the items
   * @param items the items the source emits, in iteration order
   * @return a pipeline whose source, named {@code "source"}, yields the elements of {@code items}
   *     in iteration order
   * @throws NullPointerException if {@code items} is null
   */
  public static <T> Pipeline<T> from(Iterable<? extends T> items) {
    return from("source", items);
  }

  /**
   * Like {@link #from(Iterable)}, with a name for the source.
   *
   * @param <T> the type of the items
   * @param name the stage's name, used in errors and metrics
   * @param items the items the source emits, in iteration order
   * @return a pipeline with the items as its source
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public static <T> Pipeline<T> from(String name, Iterable<? extends T> items) {
    Objects.requireNonNull(items, "Pipeline: items is null");
    Stage.SourceBody body =
        port -> {
          for (T item : items) {
            port.countIn();
            port.send(item);
          }
        };
    return new Pipeline<>(List.of(new Stage.Source(checkName(name), body, null)));
  }

  /**
   * A pipeline whose source, named {@code "source"}, receives from {@code channel} until it is
   * closed and drained. The channel is not closed by the pipeline; a cancelled run leaves items not
   * yet received in it. Its length and capacity are the source's queue depth in the metrics.
   *
   * @param <T> the type of the items
   * @param channel the channel
   * @return a pipeline whose source, named {@code "source"}, receives from {@code channel} until it
   *     is closed and drained
   * @throws NullPointerException if {@code channel} is null
   */
  public static <T> Pipeline<T> fromChannel(ReceiveChannel<? extends T> channel) {
    return fromChannel("source", channel);
  }

  /**
   * Like {@link #fromChannel(ReceiveChannel)}, with a name for the source.
   *
   * @param <T> the type of the items
   * @param name the stage's name, used in errors and metrics
   * @param channel the channel
   * @return a pipeline with the channel as its source
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public static <T> Pipeline<T> fromChannel(String name, ReceiveChannel<? extends T> channel) {
    Objects.requireNonNull(channel, "Pipeline: channel is null");
    Stage.SourceBody body =
        port -> {
          while (true) {
            Object item = port.receive();
            if (item == null) return;
            port.send(item);
          }
        };
    return new Pipeline<>(List.of(new Stage.Source(checkName(name), body, channel)));
  }

  /**
   * A pipeline whose source, named {@code "source"}, is {@code generator}, run once per run on its
   * own thread; the source ends when it returns. See {@link Generator} and {@link Emitter} for
   * backpressure and cancellation.
   *
   * @param <T> the type of the items
   * @param generator emits the items of the source
   * @return a pipeline whose source, named {@code "source"}, is {@code generator}, run once per run
   *     on its own thread; the source ends when it returns
   * @throws NullPointerException if {@code generator} is null
   */
  public static <T> Pipeline<T> generate(Generator<T> generator) {
    return generate("source", generator);
  }

  /**
   * Like {@link #generate(Generator)}, with a name for the source.
   *
   * @param <T> the type of the items
   * @param name the stage's name, used in errors and metrics
   * @param generator emits the items of the source
   * @return a pipeline with the generator as its source
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public static <T> Pipeline<T> generate(String name, Generator<T> generator) {
    Objects.requireNonNull(generator, "Pipeline: generator is null");
    Stage.SourceBody body =
        port ->
            generator.generate(
                new Emitter<T>() {
                  @Override
                  public void emit(T item) throws InterruptedException {
                    port.countIn();
                    port.send(item);
                  }

                  @Override
                  public Context context() {
                    return port.context();
                  }
                });
    return new Pipeline<>(List.of(new Stage.Source(checkName(name), body, null)));
  }

  // ---- stages ----

  /**
   * {@link #map(String, ThrowingFunction, StageOptions) map} with {@link StageOptions#defaults()}.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply
   * @return a pipeline that ends with the new stage
   */
  public <R> Pipeline<R> map(String name, ThrowingFunction<? super T, ? extends R> fn) {
    return map(name, fn, StageOptions.defaults());
  }

  /**
   * Adds a stage that replaces each item by {@code fn(item)}.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> map(String name, ThrowingFunction<? super T, ? extends R> fn, StageOptions options) {
    Objects.requireNonNull(fn, "Pipeline: fn is null");
    return transform(name, "map", options, (ctx, item, out) -> out.emit(fn.apply((T) item)));
  }

  /**
   * {@link #mapWithContext(String, ContextFunction, StageOptions) mapWithContext} with the
   * defaults.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply, given the run's context and the item
   * @return a pipeline that ends with the new stage
   */
  public <R> Pipeline<R> mapWithContext(String name, ContextFunction<? super T, ? extends R> fn) {
    return mapWithContext(name, fn, StageOptions.defaults());
  }

  /**
   * Like {@link #map(String, ThrowingFunction, StageOptions) map}, calling {@code fn(ctx, item)}
   * with the run's context (see "Context" in the class documentation).
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply, given the run's context and the item
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> mapWithContext(
      String name, ContextFunction<? super T, ? extends R> fn, StageOptions options) {
    Objects.requireNonNull(fn, "Pipeline: fn is null");
    return transform(name, "map", options, (ctx, item, out) -> out.emit(fn.apply(ctx, (T) item)));
  }

  /**
   * {@link #filter(String, ThrowingPredicate, StageOptions) filter} with the defaults.
   *
   * @param name the stage's name, used in errors and metrics
   * @param predicate true for the items to keep
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<T> filter(String name, ThrowingPredicate<? super T> predicate) {
    return filter(name, predicate, StageOptions.defaults());
  }

  /**
   * Adds a stage that passes on only the items for which {@code predicate} is true.
   *
   * @param name the stage's name, used in errors and metrics
   * @param predicate true for the items to keep
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> filter(String name, ThrowingPredicate<? super T> predicate, StageOptions options) {
    Objects.requireNonNull(predicate, "Pipeline: predicate is null");
    return transform(name, "filter", options,
        (ctx, item, out) -> {
          if (predicate.test((T) item)) out.emit(item);
        });
  }

  /**
   * {@link #filterWithContext(String, ContextPredicate, StageOptions) filterWithContext} with the
   * defaults.
   *
   * @param name the stage's name, used in errors and metrics
   * @param predicate true for the items to keep, given the run's context and the item
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<T> filterWithContext(String name, ContextPredicate<? super T> predicate) {
    return filterWithContext(name, predicate, StageOptions.defaults());
  }

  /**
   * Like {@link #filter(String, ThrowingPredicate, StageOptions) filter}, calling {@code
   * predicate(ctx, item)} with the run's context.
   *
   * @param name the stage's name, used in errors and metrics
   * @param predicate true for the items to keep, given the run's context and the item
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> filterWithContext(
      String name, ContextPredicate<? super T> predicate, StageOptions options) {
    Objects.requireNonNull(predicate, "Pipeline: predicate is null");
    return transform(name, "filter", options,
        (ctx, item, out) -> {
          if (predicate.test(ctx, (T) item)) out.emit(item);
        });
  }

  /**
   * {@link #flatMap(String, ThrowingFunction, StageOptions) flatMap} with the defaults.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply
   * @return a pipeline that ends with the new stage
   */
  public <R> Pipeline<R> flatMap(
      String name, ThrowingFunction<? super T, ? extends Iterable<? extends R>> fn) {
    return flatMap(name, fn, StageOptions.defaults());
  }

  /**
   * Adds a stage that replaces each item by the elements of {@code fn(item)}, in iteration order
   * (none for an empty iterable). Each element is sent as soon as it is produced, so a large
   * iterable is subject to backpressure; in an ordered stage with parallelism above 1, though, the
   * results of one item are held in memory until its turn comes.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> flatMap(
      String name, ThrowingFunction<? super T, ? extends Iterable<? extends R>> fn, StageOptions options) {
    Objects.requireNonNull(fn, "Pipeline: fn is null");
    return transform(name, "flatMap", options, (ctx, item, out) -> emitAll(fn.apply((T) item), out));
  }

  /**
   * {@link #flatMapWithContext(String, ContextFunction, StageOptions) flatMapWithContext} with the
   * defaults.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply, given the run's context and the item
   * @return a pipeline that ends with the new stage
   */
  public <R> Pipeline<R> flatMapWithContext(
      String name, ContextFunction<? super T, ? extends Iterable<? extends R>> fn) {
    return flatMapWithContext(name, fn, StageOptions.defaults());
  }

  /**
   * Like {@link #flatMap(String, ThrowingFunction, StageOptions) flatMap}, calling {@code fn(ctx,
   * item)} with the run's context.
   *
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param fn the function to apply, given the run's context and the item
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public <R> Pipeline<R> flatMapWithContext(
      String name, ContextFunction<? super T, ? extends Iterable<? extends R>> fn, StageOptions options) {
    Objects.requireNonNull(fn, "Pipeline: fn is null");
    return transform(name, "flatMap", options, (ctx, item, out) -> emitAll(fn.apply(ctx, (T) item), out));
  }

  /**
   * Adds a {@link #tap(String, ThrowingConsumer, StageOptions) tap} named {@code "tap"}.
   *
   * @param action called with each item
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<T> tap(ThrowingConsumer<? super T> action) {
    return tap(defaultName("tap"), action, StageOptions.defaults());
  }

  /**
   * {@link #tap(String, ThrowingConsumer, StageOptions) tap} with the defaults.
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with each item
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<T> tap(String name, ThrowingConsumer<? super T> action) {
    return tap(name, action, StageOptions.defaults());
  }

  /**
   * Adds a stage that calls {@code action} on each item and passes the item on unchanged (for
   * logging, counting, side effects).
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with each item
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> tap(String name, ThrowingConsumer<? super T> action, StageOptions options) {
    Objects.requireNonNull(action, "Pipeline: action is null");
    return transform(name, "tap", options,
        (ctx, item, out) -> {
          action.accept((T) item);
          out.emit(item);
        });
  }

  /**
   * {@link #tapWithContext(String, ContextConsumer, StageOptions) tapWithContext} with the
   * defaults.
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with the run's context and each item
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<T> tapWithContext(String name, ContextConsumer<? super T> action) {
    return tapWithContext(name, action, StageOptions.defaults());
  }

  /**
   * Like {@link #tap(String, ThrowingConsumer, StageOptions) tap}, calling {@code action(ctx,
   * item)} with the run's context.
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with the run's context and each item
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used
   * @throws NullPointerException if an argument is null
   */
  @SuppressWarnings("unchecked")
  public Pipeline<T> tapWithContext(String name, ContextConsumer<? super T> action, StageOptions options) {
    Objects.requireNonNull(action, "Pipeline: action is null");
    return transform(name, "tap", options,
        (ctx, item, out) -> {
          action.accept(ctx, (T) item);
          out.emit(item);
        });
  }

  /**
   * {@link #batch(String, int, Duration, StageOptions) batch} with the defaults.
   *
   * @param name the stage's name, used in errors and metrics
   * @param size the most items in a batch
   * @param maxWait the longest time a partial batch waits before it is sent
   * @return a pipeline that ends with the new stage
   */
  public Pipeline<List<T>> batch(String name, int size, Duration maxWait) {
    return batch(name, size, maxWait, StageOptions.defaults());
  }

  /**
   * Adds a stage that groups items into unmodifiable lists, in order: a batch is sent when it holds
   * {@code size} items or when {@code maxWait} has passed since its first item, whichever comes
   * first; a last, partial batch is sent when the input ends. Empty batches are never sent.
   *
   * <p>Time is measured on the {@linkplain dev.weft.context.Context#clock() clock} of the context
   * the pipeline runs with, so a run under {@code Context.background(fakeClock)} batches by fake
   * time.
   *
   * @param name the stage's name, used in errors and metrics
   * @param size the most items in a batch
   * @param maxWait the longest time a partial batch waits before it is sent
   * @param options the stage's parallelism, ordering and buffer
   * @return a pipeline that ends with the new stage
   * @throws IllegalArgumentException if {@code name} is blank or already used, {@code size < 1},
   *     {@code maxWait} is not positive, or {@code options} has parallelism other than 1 or an
   *     error policy other than {@link ErrorPolicy#fail()}
   * @throws NullPointerException if an argument is null
   */
  public Pipeline<List<T>> batch(String name, int size, Duration maxWait, StageOptions options) {
    Objects.requireNonNull(maxWait, "Pipeline: maxWait is null");
    if (size < 1) throw new IllegalArgumentException("Pipeline: batch size must be >= 1, got " + size);
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("Pipeline: batch maxWait must be > 0, got " + maxWait);
    }
    return add(new Stage.Batch(checkName(name), failOnly(singleThread(options, "batch"), "batch"), size, maxWait));
  }

  // ---- sinks ----

  /**
   * A sink named {@code "sink"} calling {@code action} for each item, with the defaults.
   *
   * @param action called with each item
   * @return a sink named {@code "sink"} calling {@code action} for each item, with the defaults
   */
  public RunnablePipeline<Void> forEach(ThrowingConsumer<? super T> action) {
    return forEach(defaultName("sink"), action, StageOptions.defaults());
  }

  /**
   * Ends the pipeline with a sink that calls {@code action} for each item, from one thread, in
   * arrival order. The run's result is {@code null}.
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with each item
   * @param options the stage's parallelism, ordering and buffer
   * @return the complete pipeline, ready to run
   * @throws IllegalArgumentException if {@code name} is blank or already used, or {@code options}
   *     has parallelism other than 1
   * @throws NullPointerException if an argument is null
   */
  public RunnablePipeline<Void> forEach(String name, ThrowingConsumer<? super T> action, StageOptions options) {
    Objects.requireNonNull(action, "Pipeline: action is null");
    return sink(name, options, new Sinks.ForEach<T>((ctx, item) -> action.accept(item)));
  }

  /**
   * A sink named {@code "sink"} calling {@code action} with the run's context, with the defaults.
   *
   * @param action called with the run's context and each item
   * @return the complete pipeline, ready to run
   */
  public RunnablePipeline<Void> forEachWithContext(ContextConsumer<? super T> action) {
    return forEachWithContext(defaultName("sink"), action, StageOptions.defaults());
  }

  /**
   * Like {@link #forEach(String, ThrowingConsumer, StageOptions) forEach}, calling {@code
   * action(ctx, item)} with the run's context.
   *
   * @param name the stage's name, used in errors and metrics
   * @param action called with the run's context and each item
   * @param options the stage's parallelism, ordering and buffer
   * @return the complete pipeline, ready to run
   * @throws IllegalArgumentException if {@code name} is blank or already used, or {@code options}
   *     has parallelism other than 1
   * @throws NullPointerException if an argument is null
   */
  public RunnablePipeline<Void> forEachWithContext(
      String name, ContextConsumer<? super T> action, StageOptions options) {
    Objects.requireNonNull(action, "Pipeline: action is null");
    return sink(name, options, new Sinks.ForEach<T>(action));
  }

  /**
   * A sink named {@code "sink"} collecting the items into an unmodifiable list, in arrival order.
   *
   * @return a sink named {@code "sink"} collecting the items into an unmodifiable list, in arrival
   *     order
   */
  public RunnablePipeline<List<T>> toList() {
    return collect(defaultName("sink"), Collectors.toUnmodifiableList(), StageOptions.defaults());
  }

  /**
   * A sink named {@code "sink"} collecting with {@code collector}, with the defaults.
   *
   * @param <A> the type of the accumulator
   * @param <R> the type of the results
   * @param collector accumulates the items into the result
   * @return a sink named {@code "sink"} collecting with {@code collector}, with the defaults
   */
  public <A, R> RunnablePipeline<R> collect(Collector<? super T, A, R> collector) {
    return collect(defaultName("sink"), collector, StageOptions.defaults());
  }

  /**
   * Ends the pipeline with a sink that accumulates the items, in arrival order and from one thread,
   * with {@code collector}; each run starts a new container, and the run's result is the finished
   * one.
   *
   * @param <A> the type of the accumulator
   * @param <R> the type of the results
   * @param name the stage's name, used in errors and metrics
   * @param collector accumulates the items into the result
   * @param options the stage's parallelism, ordering and buffer
   * @return the complete pipeline, ready to run; its result is the collector's
   * @throws IllegalArgumentException if {@code name} is blank or already used, or {@code options}
   *     has parallelism other than 1
   * @throws NullPointerException if an argument is null
   */
  public <A, R> RunnablePipeline<R> collect(
      String name, Collector<? super T, A, R> collector, StageOptions options) {
    Objects.requireNonNull(collector, "Pipeline: collector is null");
    return sink(name, options, new Sinks.Collect<T, A, R>(collector));
  }

  /**
   * A sink named {@code "sink"} sending to {@code channel}, with the defaults.
   *
   * @param channel the channel
   * @return a sink named {@code "sink"} sending to {@code channel}, with the defaults
   */
  public RunnablePipeline<Void> toChannel(SendChannel<? super T> channel) {
    return toChannel(defaultName("sink"), channel, StageOptions.defaults());
  }

  /**
   * Ends the pipeline with a sink that sends each item to {@code channel}, in arrival order,
   * waiting while it is full, and <b>closes it when the run ends</b>, however it ends (completed,
   * failed or cancelled), so that a consumer ranging over it stops; the run's outcome tells which.
   * Run the pipeline with {@link RunnablePipeline#start} and consume concurrently, or give the
   * channel room for every item. If someone else closes the channel during the run, the sink fails.
   *
   * @param name the stage's name, used in errors and metrics
   * @param channel the channel
   * @param options the stage's parallelism, ordering and buffer
   * @return the complete pipeline, ready to run
   * @throws IllegalArgumentException if {@code name} is blank or already used, or {@code options}
   *     has parallelism other than 1 or an error policy other than {@link ErrorPolicy#fail()}
   * @throws NullPointerException if an argument is null
   */
  public RunnablePipeline<Void> toChannel(String name, SendChannel<? super T> channel, StageOptions options) {
    Objects.requireNonNull(channel, "Pipeline: channel is null");
    return sink(name, failOnly(checkOptions(options), "toChannel"), new Sinks.ToChannel<T>(channel));
  }

  /**
   * The context of the run in which the calling stage function runs: done when the run is
   * cancelled or fails. A stage function (or source, or sink) that waits for anything other than
   * its input and output, such as a remote call, should pass it to that wait so that the run can
   * end promptly.
   *
   * <p>Prefer the {@code ...WithContext} stage methods, which pass the same context to the function
   * as an argument ({@code .mapWithContext("fetch", (ctx, url) -> http.get(url, ctx))}); and in a
   * generator, {@link Emitter#context()}. This lookup serves code that cannot take it as an
   * argument, such as a method several stages call deep down.
   *
   * @return the context of the run in which the calling stage function runs: done when the run is
   *     cancelled or fails
   * @throws IllegalStateException if the calling thread is not a pipeline stage thread
   */
  public static Context currentContext() {
    Context ctx = PipelineRun.CURRENT.get();
    if (ctx == null) {
      throw new IllegalStateException("Pipeline: currentContext() called outside a stage function");
    }
    return ctx;
  }

  /**
   * The stages' names so far, source first.
   *
   * @return the stages' names so far, source first
   */
  public List<String> stageNames() {
    return stages.stream().map(Stage::name).toList();
  }

  @Override
  public String toString() {
    return "Pipeline" + stageNames();
  }

  // ---- implementation ----

  private <R> RunnablePipeline<R> sink(String name, StageOptions options, Stage.SinkFactory<R> factory) {
    Stage s = new Stage.Sink(checkName(name), singleThread(options, "sink"), factory);
    return new RunnablePipeline<>(append(s));
  }

  private <R> Pipeline<R> add(Stage s) {
    return new Pipeline<>(append(s));
  }

  private <R> Pipeline<R> transform(String name, String kind, StageOptions options, Stage.Step step) {
    return add(new Stage.Transform(checkName(name), kind, checkOptions(options), step));
  }

  private static void emitAll(Iterable<?> results, Stage.Out out) throws InterruptedException {
    if (results == null) throw new NullPointerException("Pipeline: flatMap function returned null");
    for (Object r : results) out.emit(r);
  }

  private List<Stage> append(Stage s) {
    for (Stage existing : stages) {
      if (existing.name().equals(s.name())) {
        throw new IllegalArgumentException("Pipeline: duplicate stage name '" + s.name() + "'");
      }
    }
    List<Stage> next = new ArrayList<>(stages.size() + 1);
    next.addAll(stages);
    next.add(s);
    return List.copyOf(next);
  }

  /** {@code base}, or {@code base-N} with N the stage's position when {@code base} is taken. */
  private String defaultName(String base) {
    for (Stage s : stages) {
      if (s.name().equals(base)) return base + "-" + (stages.size() + 1);
    }
    return base;
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "Pipeline: stage name is null");
    if (name.isBlank()) throw new IllegalArgumentException("Pipeline: stage name is blank");
    return name;
  }

  private static StageOptions checkOptions(StageOptions options) {
    return Objects.requireNonNull(options, "Pipeline: options is null");
  }

  private static StageOptions failOnly(StageOptions options, String kind) {
    if (!(options.errorPolicy() instanceof ErrorPolicy.Fail)) {
      throw new IllegalArgumentException(
          "Pipeline: a " + kind + " stage has no per-item function; its error policy must be fail(), got "
              + options.errorPolicy());
    }
    return options;
  }

  private static StageOptions singleThread(StageOptions options, String kind) {
    checkOptions(options);
    if (options.parallelism() != 1) {
      throw new IllegalArgumentException(
          "Pipeline: a " + kind + " stage runs on one thread; parallelism must be 1, got "
              + options.parallelism());
    }
    return options;
  }
}
