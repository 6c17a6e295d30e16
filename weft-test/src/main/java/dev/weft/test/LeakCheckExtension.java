package dev.weft.test;

import java.lang.reflect.AnnotatedElement;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit Jupiter extension that fails a test, or a test class, that leaves weft threads running.
 *
 * <p><b>Registration.</b> weft-test registers it for automatic detection ({@code
 * META-INF/services/org.junit.jupiter.api.extension.Extension}), so with {@code
 * junit.jupiter.extensions.autodetection.enabled=true} every test class on the class path runs
 * under it without opting in. It can also be registered with {@code
 * @ExtendWith(LeakCheckExtension.class)}.
 *
 * <p><b>What is checked, and against what.</b>
 *
 * <ul>
 *   <li>Before all tests of a class it turns on creation-site recording ({@link
 *       LeakDetector#recordCreationSites}) and remembers the weft threads alive at that moment
 *       (the class baseline).
 *   <li>Before each test it remembers the threads alive then (the method baseline), which includes
 *       anything started in {@code @BeforeAll}. After the test and its {@code @AfterEach} methods,
 *       it runs {@link LeakDetector#verifyNone(LeakOptions)} against that baseline: a thread
 *       started by the test, or by {@code @BeforeEach}, must have ended, within the detector's
 *       2 s grace period. The failure is reported on the test that leaked.
 *   <li>After the class and its {@code @AfterAll} methods it checks against the class baseline,
 *       so threads shared by the class (started in {@code @BeforeAll} or a static initialiser)
 *       must be gone by then. Threads already reported after a test, or left by an {@link
 *       AllowLeaks} test, are not reported again.
 * </ul>
 *
 * <p><b>Opting out.</b> Annotate a test method or class with {@link AllowLeaks}, or set the
 * configuration parameter {@value #ENABLED_PARAMETER} to {@code false} to turn the extension off.
 *
 * <p><b>Limits.</b> Baselines assume that tests in one JVM run one at a time (JUnit's default).
 * Under parallel execution a test may be blamed for a thread a concurrent test started; turn the
 * extension off there and call {@link LeakDetector} from the tests instead. Only threads that
 * weft started are seen (the weft registry); without weft-core on the class path the extension
 * checks nothing.
 *
 * <p>One instance serves all tests; it keeps its state in JUnit's extension-context stores.
 */
public final class LeakCheckExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

  /** Configuration parameter that turns the extension off when {@code false}; default {@code true}. */
  public static final String ENABLED_PARAMETER = "weft.leakcheck.enabled";

  private static final Namespace NAMESPACE = Namespace.create(LeakCheckExtension.class);
  private static final String CLASS_STATE = "classState";
  private static final String METHOD_BASELINE = "methodBaseline";

  /** What a test class is checked against; grows as its tests' leaks are reported or allowed. */
  private static final class ClassState {
    final AtomicReference<LeakOptions> options;

    ClassState(LeakOptions baseline) {
      options = new AtomicReference<>(baseline);
    }

    void ignore(List<LiveThread> threads) {
      if (!threads.isEmpty()) options.updateAndGet(o -> o.ignoreThreads(threads));
    }
  }

  /** Creates the extension; JUnit does this once per registration. */
  public LeakCheckExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    if (!enabled(context)) return;
    LeakDetector.recordCreationSites(true);
    context.getStore(NAMESPACE).put(CLASS_STATE, new ClassState(LeakOptions.defaults().ignoreCurrent()));
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!enabled(context)) return;
    context.getStore(NAMESPACE).put(METHOD_BASELINE, LeakOptions.defaults().ignoreCurrent());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!enabled(context)) return;
    LeakOptions baseline = context.getStore(NAMESPACE).get(METHOD_BASELINE, LeakOptions.class);
    if (baseline == null) return; // beforeEach did not run (the extension was turned on midway)
    if (classAllowsLeaks(context)) return;
    if (isAnnotated(context.getTestMethod())) {
      ignoreInEnclosingClasses(context, LeakDetector.find(baseline));
      return;
    }
    try {
      LeakDetector.verifyNone(baseline, "after test " + describe(context));
    } catch (LeakedThreadsError e) {
      ignoreInEnclosingClasses(context, e.leaks());
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (!enabled(context) || classAllowsLeaks(context)) return;
    ClassState state = context.getStore(NAMESPACE).get(CLASS_STATE, ClassState.class);
    if (state == null) return;
    try {
      LeakDetector.verifyNone(state.options.get(), "after test class " + describe(context));
    } catch (LeakedThreadsError e) {
      // An enclosing class (for @Nested) must not report them again.
      context.getParent().ifPresent(p -> ignoreInEnclosingClasses(p, e.leaks()));
      throw e;
    }
  }

  /** Adds {@code leaks} to the ignore set of every class context from {@code context} upward. */
  private static void ignoreInEnclosingClasses(ExtensionContext context, List<LiveThread> leaks) {
    if (leaks.isEmpty()) return;
    Set<ClassState> done = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      ClassState state = c.get().getStore(NAMESPACE).get(CLASS_STATE, ClassState.class);
      if (state != null && done.add(state)) state.ignore(leaks);
    }
  }

  private static boolean enabled(ExtensionContext context) {
    Optional<String> value = context.getConfigurationParameter(ENABLED_PARAMETER);
    if (value.isEmpty()) return true;
    String v = value.get().trim();
    if (v.equalsIgnoreCase("true")) return true;
    if (v.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException(
        "LeakCheckExtension: " + ENABLED_PARAMETER + " must be true or false, not \"" + v + "\"");
  }

  /** Whether the test class, or a class enclosing it, is annotated {@link AllowLeaks}. */
  private static boolean classAllowsLeaks(ExtensionContext context) {
    Optional<Class<?>> testClass = context.getTestClass();
    for (Class<?> c = testClass.orElse(null); c != null; c = c.getEnclosingClass()) {
      if (AnnotationSupport.isAnnotated(c, AllowLeaks.class)) return true;
    }
    return false;
  }

  private static boolean isAnnotated(Optional<? extends AnnotatedElement> element) {
    return AnnotationSupport.isAnnotated(element, AllowLeaks.class);
  }

  private static String describe(ExtensionContext context) {
    String cls = context.getTestClass().map(Class::getName).orElse("?");
    return context.getTestMethod().isPresent() ? cls + " > " + context.getDisplayName() : cls;
  }
}
