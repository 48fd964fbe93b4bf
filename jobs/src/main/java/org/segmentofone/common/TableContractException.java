package org.segmentofone.common;

/** A stored table does not match its contract (missing column, wrong type) or is missing. */
public final class TableContractException extends RuntimeException {
  public TableContractException(String message) {
    super(message);
  }
}
