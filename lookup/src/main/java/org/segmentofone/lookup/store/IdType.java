package org.segmentofone.lookup.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The identifiers of {@code identity_map} ({@code id_type}), in the order a lookup by any type
 * tries them: a customer account first, as connect ranks them when it names persons.
 */
public enum IdType {
  USER_ID("user_id", (byte) 2),
  EMAIL_HASH("email_hash", (byte) 3),
  ANONYMOUS_ID("anonymous_id", (byte) 1);

  private static final IdType[] VALUES = values();
  private final String column;
  private final byte[] utf8;
  private final byte tag;

  IdType(String column, byte tag) {
    this.column = column;
    this.utf8 = column.getBytes(StandardCharsets.UTF_8);
    this.tag = tag;
  }

  /** The value of {@code identity_map.id_type}. */
  public String column() {
    return column;
  }

  /** Distinguishes equal values of different types in the hashed index. */
  byte tag() {
    return tag;
  }

  /**
   * The stored form of a value: email hashes are lower-case hex (collect lower-cases them), the
   * other identifiers are kept as the store sent them.
   */
  public String normalise(String value) {
    return this == EMAIL_HASH ? value.toLowerCase(Locale.ROOT) : value;
  }

  /** The type named by a {@code id_type} cell's bytes, or null for another type. */
  static IdType ofUtf8(byte[] column) {
    for (IdType t : VALUES) {
      if (Arrays.equals(t.utf8, column)) {
        return t;
      }
    }
    return null;
  }

  public static Optional<IdType> of(String column) {
    for (IdType t : values()) {
      if (t.column.equals(column)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
