package org.segmentofone.lookup.store;

/**
 * A snapshot could not be loaded (no published model, a missing or half-written file, a column of
 * the wrong type); the message names the table and what is wrong. The service keeps serving the
 * last good snapshot.
 */
public final class LoadException extends RuntimeException {
  public LoadException(String message) {
    super(message);
  }

  public LoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
