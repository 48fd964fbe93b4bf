package org.segmentofone.lookup.service;

/** A configuration value is missing, unknown or out of range; the message names key and value. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
