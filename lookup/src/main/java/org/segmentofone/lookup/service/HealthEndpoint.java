package org.segmentofone.lookup.service;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.segmentofone.lookup.api.Json;
import org.segmentofone.lookup.api.Response;
import org.segmentofone.lookup.store.Snapshot;

/**
 * {@code GET /health}: 200 {@code ok} when a snapshot younger than {@code
 * lookup.health.max-snapshot-age} is served; 200 {@code degraded} when the newest tables failed to
 * load and the last good snapshot is still served; 503 {@code unavailable} with no snapshot or a
 * stale one. The body names the snapshot (run, versions, age, rows) and the reloads.
 */
final class HealthEndpoint {
  private final Duration maxAge;
  private final Clock clock;

  HealthEndpoint(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  Response handle(Snapshot s, ReloadStatus reload) {
    Instant now = clock.instant();
    Duration age = s == null ? null : Duration.between(s.run().createdAt(), now);
    String status;
    String reason;
    if (s == null) {
      status = "unavailable";
      reason =
          "no snapshot loaded" + (reload.lastError() == null ? " yet" : ": " + reload.lastError());
    } else if (age.compareTo(maxAge) > 0) {
      status = "unavailable";
      reason =
          "the served model was trained "
              + age.toMinutes()
              + " min ago, more than the "
              + maxAge.toMinutes()
              + " min allowed";
    } else if (reload.consecutiveFailures() > 0) {
      status = "degraded";
      reason = "the newest tables failed to load: " + reload.lastError();
    } else {
      status = "ok";
      reason = null;
    }
    byte[] body =
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("status", status);
              g.writeStringField("reason", reason);
              g.writeFieldName("snapshot");
              if (s == null) {
                g.writeNull();
              } else {
                snapshot(g, s, age);
              }
              reload(g, reload);
              g.writeEndObject();
            });
    return Response.json(status.equals("unavailable") ? 503 : 200, body);
  }

  private static void snapshot(JsonGenerator g, Snapshot s, Duration age) throws IOException {
    g.writeStartObject();
    g.writeStringField("model_version", s.run().version());
    g.writeStringField("run_date", s.run().runDate().toString());
    g.writeStringField("model_created_at", s.run().createdAt().toString());
    g.writeNumberField("age_seconds", age.toSeconds());
    g.writeStringField("loaded_at", s.loadedAt().toString());
    g.writeNumberField("load_seconds", s.loadMillis() / 1000.0);
    g.writeStringField("fingerprint", s.fingerprint());
    numbers(g, "table_versions", s.tableVersions());
    numbers(g, "rows", s.rows());
    g.writeNumberField("memory_bytes", s.bytes());
    g.writeEndObject();
  }

  private static void reload(JsonGenerator g, ReloadStatus r) throws IOException {
    g.writeObjectFieldStart("reload");
    g.writeNumberField("reloads", r.reloads());
    g.writeNumberField("failures", r.failures());
    g.writeNumberField("consecutive_failures", r.consecutiveFailures());
    g.writeStringField("last_check_at", r.lastCheck() == null ? null : r.lastCheck().toString());
    g.writeStringField(
        "last_success_at", r.lastSuccess() == null ? null : r.lastSuccess().toString());
    g.writeStringField("last_error", r.lastError());
    g.writeEndObject();
  }

  private static void numbers(JsonGenerator g, String field, Map<String, Long> values)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, Long> e : new TreeMap<>(values).entrySet()) {
      g.writeNumberField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }
}
