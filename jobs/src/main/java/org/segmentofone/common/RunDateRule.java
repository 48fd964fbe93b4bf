package org.segmentofone.common;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How the run date is chosen when --run-date is absent (config key run.date). */
public record RunDateRule(Kind kind, Optional<LocalDate> fixed) {
  public enum Kind {
    YESTERDAY,
    LATEST_INPUT,
    FIXED
  }

  public static RunDateRule from(ConfigReader c) {
    String raw = c.string("date").trim();
    if (raw.isEmpty()) {
      return new RunDateRule(Kind.YESTERDAY, Optional.empty());
    }
    if (raw.equals("latest-input")) {
      return new RunDateRule(Kind.LATEST_INPUT, Optional.empty());
    }
    try {
      return new RunDateRule(Kind.FIXED, Optional.of(LocalDate.parse(raw)));
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          c.key("date") + " must be \"\", \"latest-input\" or YYYY-MM-DD, got '" + raw + "'");
    }
  }
}
