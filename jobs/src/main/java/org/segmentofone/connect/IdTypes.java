package org.segmentofone.connect;

import java.util.List;

/** Identifier types, highest priority first: a person is named after its best member. */
public final class IdTypes {
  public static final String USER_ID = "user_id";
  public static final String EMAIL_HASH = "email_hash";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final List<String> BY_PRIORITY = List.of(USER_ID, EMAIL_HASH, ANONYMOUS_ID);

  private IdTypes() {}
}
