package org.segmentofone.lookup.api;

import java.nio.charset.StandardCharsets;

/** An HTTP response independent of the server library: status, content type and body bytes. */
public record Response(int status, String contentType, byte[] body) {
  public static final String JSON = "application/json; charset=utf-8";
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  public static Response json(int status, byte[] body) {
    return new Response(status, JSON, body);
  }

  public static Response text(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
