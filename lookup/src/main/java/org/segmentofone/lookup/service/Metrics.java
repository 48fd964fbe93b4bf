package org.segmentofone.lookup.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.segmentofone.lookup.store.Snapshot;

/**
 * The service's Prometheus metrics, counted with {@link LongAdder}s (no lock, no allocation on the
 * request path) and rendered in the text exposition format: requests by endpoint and status, a
 * latency histogram per endpoint, the snapshot's age, rows and versions, reloads and failures.
 */
final class Metrics {
  /** The {@code endpoint} label of a request. */
  enum Endpoint {
    RECOMMENDATIONS,
    SIMILAR_PRODUCTS,
    CART_COMPLEMENTS,
    HEALTH,
    METRICS,
    UNKNOWN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final int[] STATUSES = {200, 400, 401, 404, 405, 413, 414, 431, 500, 503};
  private static final double[] BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5
  };

  private final LongAdder[][] requests = adders(Endpoint.values().length, STATUSES.length + 1);
  private final LongAdder[][] latency = adders(Endpoint.values().length, BUCKETS.length + 1);
  private final LongAdder[] latencyNanos = adders(1, Endpoint.values().length)[0];
  private final Clock clock;

  Metrics(Clock clock) {
    this.clock = clock;
  }

  void record(Endpoint endpoint, int status, long nanos) {
    int e = endpoint.ordinal();
    requests[e][statusIndex(status)].increment();
    double seconds = nanos / 1e9;
    int b = 0;
    while (b < BUCKETS.length && seconds > BUCKETS[b]) {
      b++;
    }
    latency[e][b].increment();
    latencyNanos[e].add(nanos);
  }

  String render(Snapshot snapshot, ReloadStatus reload) {
    StringBuilder out = new StringBuilder(8192);
    help(out, "lookup_requests_total", "counter", "Requests answered, by endpoint and status.");
    for (Endpoint e : Endpoint.values()) {
      for (int s = 0; s <= STATUSES.length; s++) {
        long n = requests[e.ordinal()][s].sum();
        if (n > 0) {
          String status = s < STATUSES.length ? String.valueOf(STATUSES[s]) : "other";
          out.append("lookup_requests_total{endpoint=\"").append(e.label());
          out.append("\",status=\"").append(status).append("\"} ").append(n).append('\n');
        }
      }
    }
    help(out, "lookup_request_duration_seconds", "histogram", "Time to answer, by endpoint.");
    for (Endpoint e : Endpoint.values()) {
      long cumulative = 0;
      for (int b = 0; b <= BUCKETS.length; b++) {
        cumulative += latency[e.ordinal()][b].sum();
        String le = b < BUCKETS.length ? String.valueOf(BUCKETS[b]) : "+Inf";
        out.append("lookup_request_duration_seconds_bucket{endpoint=\"").append(e.label());
        out.append("\",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
      }
      String labels = "{endpoint=\"" + e.label() + "\"} ";
      out.append("lookup_request_duration_seconds_sum").append(labels);
      out.append(latencyNanos[e.ordinal()].sum() / 1e9).append('\n');
      out.append("lookup_request_duration_seconds_count").append(labels);
      out.append(cumulative).append('\n');
    }
    reloads(out, reload);
    if (snapshot != null) {
      snapshot(out, snapshot);
    }
    return out.toString();
  }

  private static void reloads(StringBuilder out, ReloadStatus r) {
    gauge(out, "lookup_reloads_total", "counter", "Snapshots loaded and swapped in.", r.reloads());
    gauge(
        out,
        "lookup_reload_failures_total",
        "counter",
        "Loads that failed; the last good snapshot stayed.",
        r.failures());
    gauge(
        out,
        "lookup_reload_consecutive_failures",
        "gauge",
        "Failed loads since the last success (0 = the newest tables are served).",
        r.consecutiveFailures());
  }

  private void snapshot(StringBuilder out, Snapshot s) {
    double age = Duration.between(s.run().createdAt(), clock.instant()).toMillis() / 1000.0;
    gauge(out, "lookup_snapshot_age_seconds", "gauge", "Since the served model was trained.", age);
    gauge(
        out,
        "lookup_snapshot_loaded_timestamp_seconds",
        "gauge",
        "When the served snapshot was loaded.",
        s.loadedAt().toEpochMilli() / 1000.0);
    gauge(
        out,
        "lookup_snapshot_load_seconds",
        "gauge",
        "How long the served snapshot took to load.",
        s.loadMillis() / 1000.0);
    gauge(out, "lookup_snapshot_bytes", "gauge", "Heap bytes of its arrays.", s.bytes());
    help(out, "lookup_snapshot_rows", "gauge", "Rows loaded per table.");
    s.rows().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            r ->
                out.append("lookup_snapshot_rows{table=\"")
                    .append(r.getKey())
                    .append("\"} ")
                    .append(r.getValue())
                    .append('\n'));
    help(out, "lookup_snapshot_table_version", "gauge", "Delta version of each table served.");
    s.tableVersions()
        .forEach(
            (t, v) ->
                out.append("lookup_snapshot_table_version{table=\"")
                    .append(t)
                    .append("\"} ")
                    .append(v)
                    .append('\n'));
  }

  private static void gauge(StringBuilder out, String name, String type, String help, double v) {
    help(out, name, type, help);
    out.append(name).append(' ');
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      out.append((long) v);
    } else {
      out.append(v);
    }
    out.append('\n');
  }

  private static void help(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static int statusIndex(int status) {
    for (int i = 0; i < STATUSES.length; i++) {
      if (STATUSES[i] == status) {
        return i;
      }
    }
    return STATUSES.length;
  }

  private static LongAdder[][] adders(int rows, int columns) {
    LongAdder[][] a = new LongAdder[rows][columns];
    for (LongAdder[] row : a) {
      for (int i = 0; i < columns; i++) {
        row[i] = new LongAdder();
      }
    }
    return a;
  }
}
