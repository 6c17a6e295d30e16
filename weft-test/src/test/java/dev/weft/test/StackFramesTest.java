package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Stack frames in StackTraceElement.toString() form parse back into equal elements. */
class StackFramesTest {

  @Test
  void parsesJdkFramesWithModuleAndNativeMarker() {
    StackTraceElement f = StackFrames.parse("java.base/java.lang.Object.wait0(Native Method)");
    assertThat(f.getModuleName()).isEqualTo("java.base");
    assertThat(f.getClassName()).isEqualTo("java.lang.Object");
    assertThat(f.getMethodName()).isEqualTo("wait0");
    assertThat(f.isNativeMethod()).isTrue();
    assertThat(StackFrames.isJdk(f)).isTrue();
  }

  @Test
  void parsesClassPathFramesWithFileAndLine() {
    StackTraceElement f = StackFrames.parse("com.example.Main$Inner.lambda$run$0(Main.java:12)");
    assertThat(f.getModuleName()).isNull();
    assertThat(f.getClassName()).isEqualTo("com.example.Main$Inner");
    assertThat(f.getMethodName()).isEqualTo("lambda$run$0");
    assertThat(f.getFileName()).isEqualTo("Main.java");
    assertThat(f.getLineNumber()).isEqualTo(12);
    assertThat(StackFrames.function(f)).isEqualTo("com.example.Main$Inner.lambda$run$0");
    assertThat(StackFrames.isJdk(f)).isFalse();
  }

  @Test
  void parsesLoaderModuleAndVersion() {
    StackTraceElement f = StackFrames.parse("com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)");
    assertThat(f.getClassLoaderName()).isEqualTo("com.foo.loader");
    assertThat(f.getModuleName()).isEqualTo("foo");
    assertThat(f.getModuleVersion()).isEqualTo("9.0");
    assertThat(f.getClassName()).isEqualTo("com.foo.Main");

    StackTraceElement noModule = StackFrames.parse("app//com.foo.Main.run(Main.java)");
    assertThat(noModule.getClassLoaderName()).isEqualTo("app");
    assertThat(noModule.getModuleName()).isNull();
    assertThat(noModule.getFileName()).isEqualTo("Main.java");
    assertThat(noModule.getLineNumber()).isEqualTo(-1);

    StackTraceElement unknown = StackFrames.parse("a.B.c(Unknown Source)");
    assertThat(unknown.getFileName()).isNull();
    assertThat(unknown.isNativeMethod()).isFalse();
  }

  @Test
  void realFramesRoundTrip() {
    for (StackTraceElement real : Thread.currentThread().getStackTrace()) {
      StackTraceElement parsed = StackFrames.parse(real.toString());
      assertThat(parsed.getClassName()).isEqualTo(real.getClassName());
      assertThat(parsed.getMethodName()).isEqualTo(real.getMethodName());
      assertThat(parsed.getFileName()).isEqualTo(real.getFileName());
      assertThat(parsed.getLineNumber()).isEqualTo(real.getLineNumber());
      assertThat(parsed.getModuleName()).isEqualTo(real.getModuleName());
    }
  }

  @Test
  void rejectsTextThatIsNotAFrame() {
    for (String bad : new String[] {"nonsense", "NoDot(File.java:1)", "a.B.(x)", "a.B.c(File.java:1"}) {
      assertThatThrownBy(() -> StackFrames.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("StackFrames: ");
    }
  }
}
