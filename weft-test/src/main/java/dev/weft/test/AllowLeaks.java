package dev.weft.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a test method, or a whole test class, from {@link LeakCheckExtension}'s check.
 *
 * <p>On a method, the threads it leaves running are not reported after that method, nor after the
 * class. On a class, neither the class nor any of its methods (nor its {@code @Nested} classes) is
 * checked; subclasses inherit it. Say why in {@link #value()}; prefer stopping the threads, or
 * {@link LeakDetector#verifyNone(LeakOptions)} with precise ignore rules, where possible.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowLeaks {

  /**
   * Why the threads are allowed to outlive the test; for readers only.
   *
   * @return why the threads are allowed to outlive the test; for readers only
   */
  String value() default "";
}
