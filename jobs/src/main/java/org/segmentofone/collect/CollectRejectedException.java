package org.segmentofone.collect;

import java.util.Map;
import org.segmentofone.common.StageFailedException;

/** Too many rows were quarantined: the input looks broken, so events are not written. */
public final class CollectRejectedException extends StageFailedException {
  public CollectRejectedException(String message, Map<String, Long> metrics) {
    super(message, metrics);
  }
}
