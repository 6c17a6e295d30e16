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
 *
 * <p>And the helpers every weft test tree shares, for tests of blocking calls:
 *
 * <ul>
 *   <li>{@link dev.weft.test.Async}: one call on its own virtual thread; wait until it is parked
 *       ({@code awaitParked}, {@code awaitParkedOn}, {@code awaitBlocked}, {@code awaitWaiting}),
 *       interrupt it, and read how it ended ({@code get}, {@code failure}, {@code
 *       interruptedAtEnd}).
 *   <li>{@link dev.weft.test.AsyncScope}: a JUnit extension that starts {@code Async} calls and,
 *       after each test, fails it if one is still running (and interrupts that one).
 *   <li>{@link dev.weft.test.Gate}: a one-shot gate that holds tasks until the test opens it, and
 *       counts them.
 *   <li>{@link dev.weft.test.Waiting}: bounded polling for a condition or a thread state, and
 *       "parked in weft" recognition.
 * </ul>
 *
 * <p>They use the JDK and JUnit only, like the rest of this module. Every wait fails with an
 * {@link java.lang.AssertionError} after {@link dev.weft.test.Waiting#PATIENCE} instead of hanging.
 */
package dev.weft.test;
