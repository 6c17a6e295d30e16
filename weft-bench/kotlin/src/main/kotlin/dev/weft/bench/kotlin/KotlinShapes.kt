package dev.weft.bench.kotlin

import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.onTimeout
import kotlinx.coroutines.selects.select

/**
 * The channel shapes of weft-bench, written with Kotlin coroutine channels and callable from Java
 * as plain blocking methods.
 *
 * Each method runs its producers and consumers as coroutines on [Dispatchers.Default] inside
 * [runBlocking] and returns when all of them finished, so a JMH benchmark in Java times one batch
 * of messages per call, like the virtual-thread versions of the same shapes. The calling thread only
 * waits; it runs none of the coroutines. All messages are the same preallocated object, so the
 * allocation a benchmark reports is the channel's own.
 */
object KotlinShapes {

  /** The message every shape sends: one shared object, no boxing per send. */
  private val MESSAGE: Any = Any()

  /** Rendezvous channel, one producer coroutine sends [messages], one consumer receives them. */
  @JvmStatic
  fun rendezvousSpsc(messages: Int) = spsc(Channel.RENDEZVOUS, messages)

  /** Buffered channel of [capacity], one producer sends [messages], one consumer receives them. */
  @JvmStatic
  fun bufferedSpsc(capacity: Int, messages: Int) = spsc(capacity, messages)

  private fun spsc(capacity: Int, messages: Int) = runBlocking {
    val ch = Channel<Any>(capacity)
    launch(Dispatchers.Default) { repeat(messages) { ch.send(MESSAGE) } }
    launch(Dispatchers.Default) { repeat(messages) { ch.receive() } }
  }

  /**
   * A chain of [stages] channels of [capacity]: a source sends [elements] values into the first,
   * `stages - 1` coroutines forward each value to the next channel, a sink drains the last. That is
   * `elements * stages` send+receive pairs.
   */
  @JvmStatic
  fun chained(stages: Int, capacity: Int, elements: Int) = runBlocking {
    val channels = Array(stages) { Channel<Any>(capacity) }
    launch(Dispatchers.Default) {
      val ch = channels[0]
      repeat(elements) { ch.send(MESSAGE) }
    }
    for (s in 1 until stages) {
      val input = channels[s - 1]
      val output = channels[s]
      launch(Dispatchers.Default) { repeat(elements) { output.send(input.receive()) } }
    }
    launch(Dispatchers.Default) {
      val ch = channels[stages - 1]
      repeat(elements) { ch.receive() }
    }
  }

  /**
   * [pairs] independent channels of [capacity], each with its own producer sending [elements]
   * values and its own consumer: `elements * pairs` send+receive pairs.
   */
  @JvmStatic
  fun parallel(pairs: Int, capacity: Int, elements: Int) = runBlocking {
    repeat(pairs) {
      val ch = Channel<Any>(capacity)
      launch(Dispatchers.Default) { repeat(elements) { ch.send(MESSAGE) } }
      launch(Dispatchers.Default) { repeat(elements) { ch.receive() } }
    }
  }

  /**
   * A consumer receives [messages] values through `select` over [clauses] (1 or 2) rendezvous
   * channels, each fed by its own producer.
   */
  @JvmStatic
  fun select(clauses: Int, messages: Int) = runBlocking {
    require(clauses == 1 || clauses == 2) { "KotlinShapes: clauses must be 1 or 2, got $clauses" }
    require(messages % clauses == 0) { "KotlinShapes: $messages messages do not split over $clauses" }
    val ch1 = Channel<Any>(Channel.RENDEZVOUS)
    val ch2 = Channel<Any>(Channel.RENDEZVOUS)
    launch(Dispatchers.Default) { repeat(messages / clauses) { ch1.send(MESSAGE) } }
    if (clauses == 2) launch(Dispatchers.Default) { repeat(messages / 2) { ch2.send(MESSAGE) } }
    launch(Dispatchers.Default) {
      if (clauses == 1) {
        repeat(messages) { select<Any> { ch1.onReceive { it } } }
      } else {
        repeat(messages) {
          select<Any> {
            ch1.onReceive { it }
            ch2.onReceive { it }
          }
        }
      }
    }
  }

  /**
   * `select` over a receive clause and a timeout of [timeoutNanos], [messages] times. With
   * [producer] a producer coroutine sends [messages] values and keeps the channel ready, so the
   * timeout does not fire (the loop runs until all values arrived); without, nothing is ever sent
   * and each of the [messages] selects ends by its timeout. Returns the number of timeouts.
   */
  @JvmStatic
  fun timedSelect(messages: Int, timeoutNanos: Long, producer: Boolean): Int = runBlocking {
    val ch = Channel<Any>(Channel.RENDEZVOUS)
    val timeout = timeoutNanos.nanoseconds
    if (producer) launch(Dispatchers.Default) { repeat(messages) { ch.send(MESSAGE) } }
    val consumer =
        async(Dispatchers.Default) {
          var timeouts = 0
          var received = 0
          // With a producer, run until all its values arrived (a late one must not block it forever).
          while (if (producer) received < messages else timeouts < messages) {
            val fired =
                select<Boolean> {
                  ch.onReceive { false }
                  onTimeout(timeout) { true }
                }
            if (fired) timeouts++ else received++
          }
          timeouts
        }
    consumer.await()
  }

  /**
   * [producers] producers and [consumers] consumers share one channel of [capacity]; [messages]
   * values in total. Each producer runs [work] before every send, each consumer after every
   * receive. [messages] must divide evenly among producers and among consumers.
   */
  @JvmStatic
  fun mpmc(producers: Int, consumers: Int, capacity: Int, messages: Int, work: Runnable) =
      runBlocking {
        require(messages % producers == 0 && messages % consumers == 0) {
          "KotlinShapes: $messages messages do not split over $producers producers and $consumers consumers"
        }
        val ch = Channel<Any>(capacity)
        launchEach(producers) {
          repeat(messages / producers) {
            work.run()
            ch.send(MESSAGE)
          }
        }
        launchEach(consumers) {
          repeat(messages / consumers) {
            ch.receive()
            work.run()
          }
        }
      }

  private fun CoroutineScope.launchEach(count: Int, body: suspend () -> Unit) {
    repeat(count) { launch(Dispatchers.Default) { body() } }
  }
}
