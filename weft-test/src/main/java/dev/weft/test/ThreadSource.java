package dev.weft.test;

/** Where the {@link LeakDetector} looks for live weft threads. */
public enum ThreadSource {

  /**
   * weft-core's thread registry ({@code dev.weft.internal.WeftThreads}): every thread weft started
   * whose task has not returned, excluding weft's own service threads such as the timer. Cheap
   * (a map copy), and the only source that knows creation sites. Reports nothing when weft-core
   * is not on the class path.
   */
  WEFT_REGISTRY,

  /**
   * A whole-process JSON thread dump, filtered to threads whose name starts with {@code "weft-"}.
   * Works without the registry (and so for weft threads started by another copy of weft, or by a
   * class loader the registry cannot see), but costs a dump per look, knows no creation sites,
   * and also lists weft's service threads (ignore them by name, for example {@code
   * ignoreNamePrefix("weft-timer")}).
   */
  THREAD_DUMP
}
