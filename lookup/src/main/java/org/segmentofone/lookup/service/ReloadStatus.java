package org.segmentofone.lookup.service;

import java.time.Instant;

/**
 * What the reloader did so far, for /health and /metrics.
 *
 * @param reloads snapshots loaded and swapped in (the first load included)
 * @param failures loads (or plans) that failed
 * @param consecutiveFailures failures since the last success or unchanged check
 * @param lastCheck the last poll (null before the first)
 * @param lastSuccess the last swap (null before the first)
 * @param lastError the newest failure's message while {@code consecutiveFailures > 0}
 */
record ReloadStatus(
    long reloads,
    long failures,
    int consecutiveFailures,
    Instant lastCheck,
    Instant lastSuccess,
    String lastError) {

  static final ReloadStatus NONE = new ReloadStatus(0, 0, 0, null, null, null);

  ReloadStatus checked(Instant at) {
    return new ReloadStatus(reloads, failures, 0, at, lastSuccess, null);
  }

  ReloadStatus loaded(Instant at) {
    return new ReloadStatus(reloads + 1, failures, 0, at, at, null);
  }

  ReloadStatus failed(Instant at, String error) {
    return new ReloadStatus(reloads, failures + 1, consecutiveFailures + 1, at, lastSuccess, error);
  }
}
