package org.segmentofone.connect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.segmentofone.common.ConfigReader;

/**
 * Identity guardrails and state (config section {@code connect}).
 *
 * @param blockedValues identifier values that never link (lower case, trimmed)
 * @param blockedPatterns regular expressions; a matching value is blocked too
 * @param maxUsersPerDevice a device with more distinct user_ids within one window is shared
 * @param maxEmailsPerDevice a device with more distinct email hashes within one window is shared
 * @param maxUsersPerEmail the same limit for an email hash
 * @param sharedWindowDays the window length for those limits, in days
 * @param maxIterations safety limit for the components and the split rounds
 * @param keepDays days of run dates kept in identity_edges, _map, _suspects and _merges
 * @param fullRebuild re-read every date of events instead of only the changed ones
 */
public record ConnectConfig(
    List<String> blockedValues,
    List<Pattern> blockedPatterns,
    int maxUsersPerDevice,
    int maxEmailsPerDevice,
    int maxUsersPerEmail,
    int sharedWindowDays,
    int maxIterations,
    int keepDays,
    boolean fullRebuild) {

  public ConnectConfig {
    blockedValues =
        blockedValues.stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).distinct().toList();
    blockedPatterns = List.copyOf(blockedPatterns);
  }

  public static ConnectConfig from(ConfigReader c) {
    return new ConnectConfig(
        c.strings("blocked-values"),
        c.patterns("blocked-patterns"),
        c.intAtLeast("max-users-per-device", 1),
        c.intAtLeast("max-emails-per-device", 1),
        c.intAtLeast("max-users-per-email", 1),
        c.intAtLeast("shared-window-days", 1),
        c.intAtLeast("max-iterations", 1),
        c.intAtLeast("keep-days", 2),
        c.bool("full-rebuild"));
  }
}
