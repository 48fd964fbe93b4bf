package org.segmentofone.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.segmentofone.lookup.service.LookupConfig;
import org.segmentofone.lookup.service.LookupService;

/** The lookup on a random port over a test warehouse, and an HTTP client for it. */
public final class TestService implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LookupService service;
  private final HttpClient http = HttpClient.newHttpClient();

  /** An HTTP answer: status, headers, body (and the body parsed when it is JSON). */
  public record Answer(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + raw.body(), e);
      }
    }

    public String text() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  /** The service on the system clock. */
  public TestService(TestWarehouse w, Map<String, String> overrides) {
    this(w, overrides, Clock.systemUTC());
  }

  public TestService(TestWarehouse w, Map<String, String> overrides, Clock clock) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("lookup.warehouse", w.path().toString());
    settings.put("lookup.server.port", "0");
    settings.put("lookup.security.api-keys", Night.KEY + "," + Night.OTHER_KEY);
    settings.put("lookup.experiment.salt", "test-salt");
    settings.put("lookup.experiment.holdout-share", "0.5");
    settings.put("lookup.reload.poll-interval", "100ms");
    settings.put("lookup.reload.max-retry-interval", "200ms");
    settings.putAll(overrides);
    try {
      service = LookupService.start(LookupConfig.load(null, settings), clock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public LookupService service() {
    return service;
  }

  public TestService awaitSnapshot() {
    await(() -> service.snapshot() != null, "a first snapshot");
    return this;
  }

  /** GET with the test API key. */
  public Answer get(String pathAndQuery) {
    return get(pathAndQuery, Night.KEY);
  }

  /** GET with the given key in X-Api-Key (none when null). */
  public Answer get(String pathAndQuery, String key) {
    return send("GET", pathAndQuery, key);
  }

  public Answer send(String method, String pathAndQuery, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    try {
      return new Answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends request text as is over a new connection (for requests an HTTP client refuses to build)
   * and returns the whole response text.
   */
  public String raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Polls {@code condition} for up to 60 s. */
  public static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    service.close();
  }
}
