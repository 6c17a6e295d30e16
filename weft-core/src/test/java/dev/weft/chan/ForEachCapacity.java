package dev.weft.chan;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A test class run once per channel capacity (the same capacities as {@link Capacities}); the
 * class receives it in a field annotated {@link org.junit.jupiter.params.Parameter @Parameter}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "capacity {0}")
@ValueSource(ints = {0, 1, 16, 1024})
@interface ForEachCapacity {}
