package dev.weft.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reflective access to weft-core's thread registry, {@code dev.weft.spi.ThreadRegistry}.
 *
 * <p>weft-test cannot depend on weft-core (weft-core's tests use weft-test; see {@code
 * docs/adr/0001-leak-detector-without-core-dependency.md}), so it looks the class up by name and
 * calls two public static methods whose signatures use only JDK types: {@code Map<Thread,
 * Throwable> live()} and {@code void recordCreationSites(boolean)}. weft-core exports {@code
 * dev.weft.spi}, its service-provider package, so the calls work on the module path too.
 *
 * <p>The class is looked up once, with weft-test's own class loader and then the context class
 * loader of the first caller. When it is absent the registry counts as empty; when it is present
 * but lacks those methods, weft-test and weft-core come from different versions and every call
 * fails with {@link IllegalStateException}.
 */
final class WeftRegistry {

  static final String CLASS_NAME = "dev.weft.spi.ThreadRegistry";

  /** Lazily initialised holder: the methods, or nulls when the class is not on the class path. */
  private static final class Holder {
    static final Method LIVE;
    static final Method RECORD;
    static final String MISMATCH;

    static {
      Class<?> c = load();
      Method live = null;
      Method record = null;
      String mismatch = null;
      if (c != null) {
        try {
          live = c.getMethod("live");
          record = c.getMethod("recordCreationSites", boolean.class);
          if (!Map.class.isAssignableFrom(live.getReturnType())) {
            mismatch = "live() does not return a Map";
          }
        } catch (NoSuchMethodException e) {
          mismatch = "missing method " + e.getMessage();
        }
      }
      LIVE = live;
      RECORD = record;
      MISMATCH = mismatch;
    }

    private static Class<?> load() {
      try {
        return Class.forName(CLASS_NAME, true, WeftRegistry.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context == null) return null;
        try {
          return Class.forName(CLASS_NAME, true, context);
        } catch (ClassNotFoundException e2) {
          return null;
        }
      }
    }
  }

  private WeftRegistry() {}

  /** Whether weft-core's registry is on the class path. */
  static boolean available() {
    checkVersion();
    return Holder.LIVE != null;
  }

  /**
   * Turns creation-site recording on or off in weft-core; returns whether the registry exists.
   *
   * @throws IllegalStateException if the registry is present but incompatible
   */
  static boolean recordCreationSites(boolean on) {
    if (!available()) return false;
    invoke(Holder.RECORD, on);
    return true;
  }

  /**
   * The live tracked threads, except {@code exclude}, in registry order; empty when
   * the registry is absent.
   *
   * @throws IllegalStateException if the registry is present but incompatible
   */
  static List<LiveThread> live(Thread exclude) {
    if (!available()) return List.of();
    Map<?, ?> live = (Map<?, ?>) invoke(Holder.LIVE);
    List<LiveThread> out = new ArrayList<>(live.size());
    for (Map.Entry<?, ?> e : live.entrySet()) {
      if (!(e.getKey() instanceof Thread t) || t.threadId() == exclude.threadId()) continue;
      Throwable site = e.getValue() instanceof Throwable th ? th : null;
      Thread.State state = t.getState();
      if (state == Thread.State.TERMINATED) continue;
      // Empty if the thread ends now; LiveThread.describe() says so.
      StackTraceElement[] stack = t.getStackTrace();
      out.add(
          new LiveThread(
              t.threadId(), t.getName(), state.name(), t.isVirtual(), List.of(stack), Optional.ofNullable(site)));
    }
    return out;
  }

  private static void checkVersion() {
    if (Holder.MISMATCH != null) {
      throw new IllegalStateException(
          "LeakDetector: "
              + CLASS_NAME
              + " is incompatible with this weft-test ("
              + Holder.MISMATCH
              + "); use weft-test and weft-core of the same version");
    }
  }

  private static Object invoke(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(
          "LeakDetector: cannot call " + CLASS_NAME + "." + m.getName() + " (does weft-core export dev.weft.spi?)", e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "LeakDetector: " + CLASS_NAME + "." + m.getName() + " failed", e.getCause());
    }
  }
}
