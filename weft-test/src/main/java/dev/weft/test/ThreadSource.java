package dev.weft.test;

/** Where the {@link LeakDetector} looks for live weft threads. */
public enum ThreadSource {

  /**
   * weft-core's thread registry ({@code dev.weft.spi.ThreadRegistry}): every thread weft started,
   * and every thread started through {@code dev.weft.sync.Threads}, whose task has not returned,
   * whatever its name. weft's own timer thread is not in it. Cheap (a map copy), and the only
   * source that knows creation sites. Reports nothing when weft-core is not on the class path.
   */
  WEFT_REGISTRY,

  /**
   * A whole-process JSON thread dump, filtered to threads whose name starts with {@code "weft-"}.
   * Works without the registry (and so for weft threads started by another copy of weft, or by a
   * class loader the registry cannot see), but costs a dump per look, knows no creation sites,
   * and also lists weft's own timer thread (ignore it by name, for example {@code
   * ignoreNamePrefix("weft-timer")}).
   */
  THREAD_DUMP
}
