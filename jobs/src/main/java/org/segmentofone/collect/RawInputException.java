package org.segmentofone.collect;

/**
 * Raw input that cannot be read at all: a corrupt file, a missing partition folder, a column whose
 * type cannot be cast to the contract. The message names the file or folder; the run fails.
 */
public final class RawInputException extends IllegalStateException {
  public RawInputException(String message) {
    super(message);
  }

  public RawInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
