package dev.weft.redis;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a {@link RedisProcess} before a test class and stops it after, also when tests fail.
 * Register it per class:
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
 * }</pre>
 *
 * <p>If Redis cannot be started, {@code beforeAll} throws and every test of the class fails with
 * the reason: nothing is skipped.
 */
final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  private RedisProcess process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    process = RedisProcess.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (process != null) process.close();
  }

  /** The running server; fails if {@code beforeAll} did not start it. */
  RedisProcess redis() {
    if (process == null) throw new IllegalStateException("RedisServerExtension: not started");
    return process;
  }
}
