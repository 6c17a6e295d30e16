/**
 * Test support for code that runs on weft's threads.
 *
 * <ul>
 *   <li>{@link dev.weft.test.LeakDetector}: finds weft threads that outlived their work, waiting a
 *       moment for threads that are ending, and reports each with its stack and creation site
 *       ({@link dev.weft.test.LeakedThreadsError}); configured by {@link dev.weft.test.LeakOptions}.
 *   <li>{@link dev.weft.test.LeakCheckExtension}: runs that check after every test and test class;
 *       auto-detected by JUnit, switched off per test with {@link dev.weft.test.AllowLeaks}.
 *   <li>{@link dev.weft.test.PinningDetector}: records virtual threads pinned to their carrier
 *       while a block runs (JFR), and fails with {@link dev.weft.test.PinningError}.
 * </ul>
 */
package dev.weft.test;
