package dev.weft.chan;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A test run once per channel capacity: rendezvous (0), a one-slot buffer, a small and a large
 * buffer. The method takes the capacity as its {@code int} parameter.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "capacity {0}")
@ValueSource(ints = {0, 1, 16, 1024})
@interface Capacities {}
