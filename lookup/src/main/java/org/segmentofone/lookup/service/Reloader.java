package org.segmentofone.lookup.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.segmentofone.lookup.store.LoadException;
import org.segmentofone.lookup.store.Snapshot;
import org.segmentofone.lookup.store.SnapshotLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served snapshot current: every poll interval it plans (which published night, which
 * files), and when the plan's fingerprint differs from the served one it loads the new snapshot
 * beside the old and swaps the reference atomically. Requests in flight finish on the snapshot they
 * started with. A failed load leaves the last good snapshot in place, is logged, counted and shown
 * on /health, and is retried at the next poll if the tables changed, else after a back-off.
 */
final class Reloader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

  private final SnapshotLoader loader;
  private final LookupConfig.ReloadConfig cfg;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "lookup-reload");
            t.setDaemon(true);
            return t;
          });
  private volatile Snapshot current;
  private volatile ReloadStatus status = ReloadStatus.NONE;
  // What failed last (a plan's fingerprint, or "plan" when planning itself failed) and when to
  // try that same thing again.
  private String failed;
  private Instant retryAt = Instant.MIN;
  // The table versions the last plan read: a poll that lists the same ones plans nothing.
  private Map<String, Long> planned = Map.of();

  Reloader(SnapshotLoader loader, LookupConfig.ReloadConfig cfg, Clock clock) {
    this.loader = loader;
    this.cfg = cfg;
    this.clock = clock;
  }

  /** Checks now, then every poll interval, on the reload thread. */
  void start() {
    long every = cfg.pollInterval().toMillis();
    timer.scheduleWithFixedDelay(this::checkQuietly, 0, every, TimeUnit.MILLISECONDS);
  }

  /** The snapshot requests read; null until the first load succeeded. */
  Snapshot current() {
    return current;
  }

  ReloadStatus status() {
    return status;
  }

  /**
   * One poll: plans, and loads and swaps when the plan is new. Returns whether a new snapshot is
   * served.
   */
  synchronized boolean check() {
    Instant now = clock.instant();
    if ("plan".equals(failed) && now.isBefore(retryAt)) {
      return false;
    }
    Snapshot served = current;
    if (served != null && failed == null && unchanged()) {
      status = status.checked(now);
      return false;
    }
    SnapshotLoader.Plan plan;
    try {
      plan = loader.plan();
      planned = plan.watchedVersions();
    } catch (RuntimeException e) {
      fail("plan", e, now);
      return false;
    }
    if (served != null && plan.fingerprint().equals(served.fingerprint())) {
      failed = null;
      status = status.checked(now);
      return false;
    }
    if (plan.fingerprint().equals(failed) && now.isBefore(retryAt)) {
      return false;
    }
    try {
      Snapshot next = loader.load(plan);
      current = next;
      failed = null;
      // The swap's time, not the check's: a big load takes minutes.
      status = status.loaded(clock.instant());
      LOG.info(
          "serving model {} of run date {} (table versions {}): loaded {} rows in {} ms, {} MB of arrays",
          next.run().version(),
          next.run().runDate(),
          next.tableVersions(),
          next.rows(),
          next.loadMillis(),
          next.bytes() >> 20);
      return true;
    } catch (RuntimeException | OutOfMemoryError e) {
      fail(plan.fingerprint(), e, now);
      return false;
    }
  }

  /**
   * Whether no table moved since the last plan: seven directory listings instead of a plan, which
   * opens every table's log and lists its files (on one CPU, a plan every few seconds showed in the
   * served requests' p99). A listing that fails says "changed", so the plan reports the problem.
   */
  private boolean unchanged() {
    try {
      return !planned.isEmpty() && loader.latestVersions(planned).equals(planned);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void fail(String what, Throwable e, Instant now) {
    status = status.failed(now, message(e));
    failed = what;
    long factor = 1L << Math.min(20, status.consecutiveFailures() - 1);
    Duration wait = cfg.pollInterval().multipliedBy(factor);
    retryAt = now.plus(wait.compareTo(cfg.maxRetryInterval()) > 0 ? cfg.maxRetryInterval() : wait);
    String serving =
        current == null
            ? "no snapshot is served yet"
            : "still serving run date " + current.run().runDate();
    if (e instanceof LoadException) {
      LOG.warn("load failed ({}): {}", serving, e.getMessage());
    } else {
      LOG.error("load failed ({})", serving, e);
    }
  }

  private static String message(Throwable e) {
    String m =
        e instanceof LoadException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }

  private void checkQuietly() {
    try {
      check();
    } catch (RuntimeException e) {
      // check() reports its own failures; this keeps the schedule alive whatever happens.
      LOG.error("reload check failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
