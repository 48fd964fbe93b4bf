package org.segmentofone.cli;

/** The command line is wrong; the message says how, and the usage text follows it. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
