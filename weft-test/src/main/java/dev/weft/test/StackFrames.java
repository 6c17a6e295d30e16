package dev.weft.test;

import java.util.List;

/**
 * Helpers for stack frames: parsing the text form the JDK writes into thread dumps, telling JDK
 * frames from application frames, and formatting stacks for reports.
 */
final class StackFrames {

  /** Frames printed per stack in a report before the rest is summarised as "... N more". */
  static final int MAX_REPORTED_FRAMES = 64;

  private StackFrames() {}

  /**
   * Parses the form {@link StackTraceElement#toString()} produces, which is also what the JSON
   * thread dump holds: {@code [loader/][module[@version]/]class.method(source)}, where source is
   * {@code Native Method}, {@code Unknown Source}, {@code File.java} or {@code File.java:line}.
   *
   * @throws IllegalArgumentException if {@code frame} does not have that form
   */
  static StackTraceElement parse(String frame) {
    int open = frame.indexOf('(');
    if (open < 0 || !frame.endsWith(")")) {
      throw new IllegalArgumentException("StackFrames: not a stack frame: " + frame);
    }
    String head = frame.substring(0, open);
    String source = frame.substring(open + 1, frame.length() - 1);

    String loader = null;
    String module = null;
    String version = null;
    String[] parts = head.split("/", -1);
    String classAndMethod = parts[parts.length - 1];
    if (parts.length >= 3) {
      loader = emptyToNull(parts[0]);
      module = emptyToNull(parts[1]);
    } else if (parts.length == 2) {
      module = emptyToNull(parts[0]);
    }
    if (module != null) {
      int at = module.indexOf('@');
      if (at >= 0) {
        version = module.substring(at + 1);
        module = module.substring(0, at);
      }
    }
    int dot = classAndMethod.lastIndexOf('.');
    if (dot <= 0 || dot == classAndMethod.length() - 1) {
      throw new IllegalArgumentException("StackFrames: no class.method in stack frame: " + frame);
    }
    String declaringClass = classAndMethod.substring(0, dot);
    String method = classAndMethod.substring(dot + 1);

    String file = null;
    int line = -1;
    if (source.equals("Native Method")) {
      line = -2;
    } else if (!source.equals("Unknown Source") && !source.isEmpty()) {
      int colon = source.lastIndexOf(':');
      if (colon > 0 && isDigits(source.substring(colon + 1))) {
        file = source.substring(0, colon);
        line = Integer.parseInt(source.substring(colon + 1));
      } else {
        file = source;
      }
    }
    return new StackTraceElement(loader, module, version, declaringClass, method, file, line);
  }

  /** {@code declaringClass.methodName}, the form the ignore-by-function options compare with. */
  static String function(StackTraceElement frame) {
    return frame.getClassName() + "." + frame.getMethodName();
  }

  /**
   * Whether the frame belongs to the JDK: its class is in a {@code java.}, {@code javax.}, {@code
   * jdk.}, {@code sun.} or {@code com.sun.} package. A parked virtual thread always has JDK frames
   * ({@code VirtualThread.park}, {@code LockSupport.park}, ...) on top of the code that parked it.
   */
  static boolean isJdk(StackTraceElement frame) {
    String c = frame.getClassName();
    return c.startsWith("java.")
        || c.startsWith("javax.")
        || c.startsWith("jdk.")
        || c.startsWith("sun.")
        || c.startsWith("com.sun.");
  }

  /** Appends each frame as {@code indent + "at " + frame}, at most {@link #MAX_REPORTED_FRAMES}. */
  static void appendStack(StringBuilder sb, List<StackTraceElement> stack, String indent) {
    if (stack.isEmpty()) {
      sb.append(indent).append("(no stack: the thread has not started, or has just ended)\n");
      return;
    }
    int shown = Math.min(stack.size(), MAX_REPORTED_FRAMES);
    for (int i = 0; i < shown; i++) sb.append(indent).append("at ").append(stack.get(i)).append('\n');
    if (stack.size() > shown) sb.append(indent).append("... ").append(stack.size() - shown).append(" more\n");
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return true;
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
