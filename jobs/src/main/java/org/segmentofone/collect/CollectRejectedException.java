package org.segmentofone.collect;

/** Too many rows were quarantined: the input looks broken, so events are not written. */
public final class CollectRejectedException extends RuntimeException {
  public CollectRejectedException(String message) {
    super(message);
  }
}
