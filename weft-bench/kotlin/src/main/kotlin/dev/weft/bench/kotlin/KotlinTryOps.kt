package dev.weft.bench.kotlin

import kotlinx.coroutines.channels.Channel

/**
 * `trySend` then `tryReceive` on one buffered channel of [capacity], on the calling thread (both
 * are non-suspending, so no coroutine runs). The channel lives as long as this object, so that a
 * benchmark can keep it in its state.
 */
class KotlinTryOps(capacity: Int) {

  private val channel = Channel<Any>(capacity)
  private val message: Any = Any()

  /** [pairs] times `trySend` then `tryReceive`; returns how many values came back. */
  fun run(pairs: Int): Int {
    val ch = channel
    var received = 0
    repeat(pairs) {
      ch.trySend(message)
      if (ch.tryReceive().isSuccess) received++
    }
    return received
  }
}
