package org.segmentofone.connect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.segmentofone.common.ConfigReader;

/** Identity guardrails (config section {@code connect}). */
public record ConnectConfig(
    List<String> blockedValues,
    List<Pattern> blockedPatterns,
    int maxUsersPerDevice,
    int maxUsersPerEmail,
    int maxIterations) {

  public static ConnectConfig from(ConfigReader c) {
    return new ConnectConfig(
        c.strings("blocked-values").stream()
            .map(v -> v.trim().toLowerCase(Locale.ROOT))
            .distinct()
            .toList(),
        c.patterns("blocked-patterns"),
        c.intAtLeast("max-users-per-device", 1),
        c.intAtLeast("max-users-per-email", 1),
        c.intAtLeast("max-iterations", 1));
  }
}
