package org.segmentofone.evaluate;

import java.util.Map;
import org.segmentofone.common.StageFailedException;

/**
 * The gate refused the new model: nothing is published, yesterday's model and recommendations stay,
 * and the launcher exits with {@link #EXIT_CODE} so a scheduler stops the run there.
 */
public final class GateRefusedException extends StageFailedException {
  public static final int EXIT_CODE = 3;

  public GateRefusedException(String message, Map<String, Long> metrics) {
    super(message, metrics);
  }

  @Override
  public String status() {
    return "refused";
  }
}
