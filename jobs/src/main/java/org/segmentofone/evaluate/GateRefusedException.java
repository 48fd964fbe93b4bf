package org.segmentofone.evaluate;

import java.util.List;
import java.util.Map;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.StageRunner.StageOutcome;

/**
 * The gate refused the new model: nothing is published, yesterday's model and recommendations stay,
 * and the launcher exits with {@link #EXIT_CODE} so a scheduler stops the run there.
 */
public final class GateRefusedException extends StageFailedException {
  public static final int EXIT_CODE = 3;

  private final List<StageOutcome> completed;

  public GateRefusedException(String message, Map<String, Long> metrics) {
    this(message, metrics, List.of());
  }

  private GateRefusedException(
      String message, Map<String, Long> metrics, List<StageOutcome> completed) {
    super(message, metrics);
    this.completed = List.copyOf(completed);
  }

  /**
   * The same refusal, carrying the stages a nightly completed around it (those before the gate and
   * the reports after it), so the launcher can still print their summary.
   */
  public GateRefusedException withCompleted(List<StageOutcome> outcomes) {
    GateRefusedException e = new GateRefusedException(getMessage(), metrics(), outcomes);
    e.initCause(this);
    return e;
  }

  /** The stages completed in the same nightly run (empty when evaluate ran alone). */
  public List<StageOutcome> completed() {
    return completed;
  }

  @Override
  public String status() {
    return "refused";
  }
}
