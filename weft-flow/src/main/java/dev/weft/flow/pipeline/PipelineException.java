package dev.weft.flow.pipeline;

import java.util.Objects;

/**
 * A pipeline failed: a stage's function (or source, or sink, or a stage's {@linkplain
 * ErrorPolicy.DeadLetter dead-letter sink}) threw. {@link #stage()} names the stage and {@link
 * #getCause()} is what it threw, with its original stack. Only the first failure
 * of a run is reported this way; failures in other stages while the pipeline was shutting down are
 * attached to it as {@linkplain Throwable#getSuppressed() suppressed}.
 */
public final class PipelineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The name of the stage that failed. */
  private final String stage;

  /**
   * Creates the exception.
   *
   * @param stage the name of the stage that failed
   * @param cause what the stage threw
   * @throws NullPointerException if an argument is null
   */
  public PipelineException(String stage, Throwable cause) {
    super(
        "Pipeline: stage '" + Objects.requireNonNull(stage, "PipelineException: stage is null")
            + "' failed: " + Objects.requireNonNull(cause, "PipelineException: cause is null"),
        cause);
    this.stage = stage;
  }

  /**
   * The name of the stage that failed.
   *
   * @return the name of the stage that failed
   */
  public String stage() {
    return stage;
  }
}
