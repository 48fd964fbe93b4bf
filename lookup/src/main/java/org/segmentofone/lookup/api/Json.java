package org.segmentofone.lookup.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.segmentofone.lookup.store.Utf8Dictionary;

/**
 * JSON bodies written with Jackson's streaming generator: dictionary entries go out straight from
 * their UTF-8 bytes (escaped by Jackson), no {@code String} per id.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** Writes one body. */
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  public static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Writes entry {@code code} of a dictionary as a JSON string. */
  static void string(JsonGenerator g, Utf8Dictionary d, int code) throws IOException {
    g.writeUTF8String(d.blob(), d.start(code), d.length(code));
  }

  /** {@code {"error": "<kind>", "message": "..."}}: the body of every error response. */
  public static Response error(int status, String message) {
    return Response.json(
        status,
        write(
            g -> {
              g.writeStartObject();
              g.writeStringField("error", kind(status));
              g.writeStringField("message", message);
              g.writeEndObject();
            }));
  }

  private static String kind(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 414 -> "uri_too_long";
      case 431 -> "headers_too_large";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal_error" : "error";
    };
  }
}
