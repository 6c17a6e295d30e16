/**
 * weft-test: the leak detector (goleak for virtual threads), its JUnit Jupiter extension, a
 * virtual-thread pinning detector, and the helpers shared by weft's tests of blocking calls.
 *
 * <p>It reads weft-core's thread registry reflectively instead of depending on weft-core, because
 * weft-core's own tests run under it (docs/adr/0001-leak-detector-without-core-dependency.md).
 */
module dev.weft.test {
  // static, not transitive: the test project supplies JUnit Jupiter and reads it itself (weft-test's
  // dependency on it is provided); LeakDetector and PinningDetector work without it.
  requires static org.junit.jupiter.api;
  requires java.management;
  requires jdk.management;
  requires jdk.jfr;

  exports dev.weft.test;

  provides org.junit.jupiter.api.extension.Extension with
      dev.weft.test.LeakCheckExtension;
}
