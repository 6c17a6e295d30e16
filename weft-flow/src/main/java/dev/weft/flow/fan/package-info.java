/**
 * {@code Fan}: merge, split (round-robin or by key) and tee over channels, closing their outputs
 * when the inputs close or the context is cancelled; {@code FanOut} is the handle of a running
 * split or tee.
 */
package dev.weft.flow.fan;
