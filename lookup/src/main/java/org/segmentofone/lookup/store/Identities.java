package org.segmentofone.lookup.store;

/**
 * Who an identifier is: the run date's {@code identity_map} (identifier → person) and its {@code
 * identity_merges} (a person id that changed → the person it became), resolved at load time.
 */
public final class Identities {
  private final IdentityIndex identifiers;
  private final Utf8Dictionary formerIds;
  private final int[] successors;

  Identities(IdentityIndex identifiers, Utf8Dictionary formerIds, int[] successors) {
    this.identifiers = identifiers;
    this.formerIds = formerIds;
    this.successors = successors;
  }

  /** The person code of an identifier (value in its stored form), or -1. */
  public int person(IdType type, String value) {
    return identifiers.person(type, value);
  }

  /**
   * The person code that a former person id (merged into another, renamed, or split — then the part
   * with most identifiers) became, following every recorded change; -1 when it is not a former id
   * or its successor has no person in this snapshot.
   */
  public int successor(String formerPersonId) {
    int code = formerIds.find(formerPersonId);
    return code < 0 ? -1 : successors[code];
  }

  public int identifiers() {
    return identifiers.size();
  }

  public int formerIds() {
    return formerIds.size();
  }

  long bytes() {
    return identifiers.bytes() + formerIds.bytes() + 4L * successors.length;
  }
}
