/**
 * Bounding and replacing failed calls: {@link dev.weft.resilience.timeout.Timeout} cancels a
 * call's context and interrupts it at a deadline, ending it with {@link
 * dev.weft.resilience.timeout.TimeoutExceededException}; {@link
 * dev.weft.resilience.timeout.Fallback} turns a failure into a substitute value of the call's type.
 */
package dev.weft.resilience.timeout;
