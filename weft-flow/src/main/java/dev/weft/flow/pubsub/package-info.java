/** {@code Broker} (topics, per-subscriber buffers and overflow policies) and the drop-oldest {@code RingBuffer}. */
package dev.weft.flow.pubsub;
