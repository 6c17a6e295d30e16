/** {@code WorkQueue} with client-go semantics (dedup, one worker per key, delayed and rate-limited adds) and the {@code Reconciler} loop. */
package dev.weft.flow.workqueue;
