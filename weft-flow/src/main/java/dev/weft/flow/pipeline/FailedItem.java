package dev.weft.flow.pipeline;

import java.util.Objects;

/**
 * An item whose stage function threw, as a {@linkplain ErrorPolicy.DeadLetter dead-letter} sink
 * receives it.
 *
 * @param stage the name of the stage whose function threw
 * @param item the item the function was called with (the stage's input, as it arrived)
 * @param error what the function threw
 */
public record FailedItem(String stage, Object item, Exception error) {

  /**
   * Validates the record.
   *
   * @throws NullPointerException if an argument is null
   */
  public FailedItem {
    Objects.requireNonNull(stage, "FailedItem: stage is null");
    Objects.requireNonNull(item, "FailedItem: item is null");
    Objects.requireNonNull(error, "FailedItem: error is null");
  }
}
