package org.segmentofone.forget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One identifier of an erasure request: {@code user_id}, {@code email_hash}, {@code anonymous_id}
 * or {@code person_id}, with its value as stored (a raw {@code email:} is hashed as collect does).
 */
public record Identifier(String type, String value) {
  public static final String PERSON_ID = "person_id";
  static final List<String> TYPES = List.of("user_id", "email_hash", "anonymous_id", PERSON_ID);
  private static final int MAX_LENGTH = 512;

  /**
   * Parses {@code type:value}; {@code email:<address>} becomes the email_hash collect stores for it
   * (SHA-256 of the salt and the trimmed, lower-case address).
   */
  public static Identifier parse(String text, String emailSalt) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "an identifier is TYPE:VALUE with TYPE one of email, "
              + String.join(", ", TYPES)
              + ", got '"
              + text
              + "'");
    }
    String type = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = text.substring(colon + 1).trim();
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the value of '" + type + ":' must be 1 to " + MAX_LENGTH + " characters");
    }
    if (type.equals("email")) {
      return new Identifier("email_hash", sha256Hex(emailSalt + value.toLowerCase(Locale.ROOT)));
    }
    if (type.equals("email_hash")) {
      return new Identifier(type, value.toLowerCase(Locale.ROOT));
    }
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "unknown identifier type '"
              + type
              + "' in '"
              + text
              + "'; types: email, "
              + String.join(", ", TYPES));
    }
    return new Identifier(type, value);
  }

  /** The node key connect uses for this identifier ({@code type:value}). */
  public String nodeKey() {
    return type + ":" + value;
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
