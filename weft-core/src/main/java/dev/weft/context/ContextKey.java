package dev.weft.context;

import java.util.Objects;

/**
 * A typed key for {@link Context#withValue}. Keys compare by identity, so two keys with the same
 * name never collide (Go's advice to use an unexported key type, built in). Keep keys in
 * {@code static final} fields.
 *
 * <pre>{@code
 * static final ContextKey<String> REQUEST_ID = ContextKey.of("requestId");
 * }</pre>
 *
 * @param <T> type of the value stored under this key
 */
@SuppressWarnings("UnusedTypeParameter") // T types the value at withValue/value call sites
public final class ContextKey<T> {
  private final String name;

  private ContextKey(String name) {
    this.name = name;
  }

  /**
   * A new key; {@code name} is used only in {@code toString()}.
   *
   * @param <T> the type of the value
   * @param name the name shown by {@code toString()}
   * @return a new key; {@code name} is used only in {@code toString()}
   * @throws NullPointerException if {@code name} is null
   */
  public static <T> ContextKey<T> of(String name) {
    return new ContextKey<>(Objects.requireNonNull(name, "ContextKey: name is null"));
  }

  /**
   * The name given at creation.
   *
   * @return the name given at creation
   */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "ContextKey[" + name + "]";
  }
}
