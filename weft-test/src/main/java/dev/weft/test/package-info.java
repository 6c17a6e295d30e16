/**
 * Test support for code that runs on weft's threads.
 *
 * <ul>
 *   <li>{@link dev.weft.test.LeakDetector}: finds weft threads that outlived their work, waiting a
 *       moment for threads that are ending, and reports each with its stack and creation site
 *       ({@link dev.weft.test.LeakedThreadsError}); configured by {@link dev.weft.test.LeakOptions}.
 * </ul>
 */
package dev.weft.test;
