/**
 * A map-reduce engine for one machine: a job is a small immutable value ({@link
 * dev.weft.mapreduce.MapReduceJob}) that {@link dev.weft.mapreduce.LocalEngine} runs on every
 * core, with combiners applied on every emit, a container chosen per job (per-worker hash, dense
 * array, shared table), work stealing between workers, and a memory budget over which
 * intermediate data is spilled to disk as sorted runs and merged back.
 *
 * <p>The user functions are plain functional interfaces that extend {@link java.io.Serializable},
 * so that the same job can later be shipped to a cluster engine; they hold no engine state.
 *
 * <p><b>Memory consistency effects:</b> everything the caller did before {@code
 * LocalEngine.run} or {@code start} <i>happens-before</i> every call of the job's functions;
 * every call of the job's functions <i>happens-before</i> the return of {@code run} or {@code
 * JobHandle.await}. A function is called from several worker threads at once and must be safe for
 * that (pure functions are).
 */
package dev.weft.mapreduce;
