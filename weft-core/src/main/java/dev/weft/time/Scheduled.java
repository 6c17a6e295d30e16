package dev.weft.time;

/** A delayed action returned by {@link Clock#schedule}. */
public interface Scheduled {

  /**
   * Prevents the action from running.
   *
   * @return {@code true} if this call prevented it; {@code false} if it already ran, is running,
   *     or was already cancelled
   */
  boolean cancel();
}
