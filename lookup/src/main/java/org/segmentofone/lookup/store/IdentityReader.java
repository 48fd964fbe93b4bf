package org.segmentofone.lookup.store;

import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the run date's {@code identity_map} into an {@link IdentityIndex}, and the {@code
 * identity_merges} up to it into former person id → current person, chains followed (a → b on one
 * night, b → c on the next: a is c).
 */
final class IdentityReader {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityReader.class);
  // Far more than connect.keep-days of renames; stops a malformed cycle.
  private static final int MAX_CHAIN = 64;

  private IdentityReader() {}

  /** One recorded change of a person id; the newest, then the biggest, wins. */
  private record Move(String next, long identifiers, int day) {
    Move newer(Move o) {
      if (day != o.day) {
        return day > o.day ? this : o;
      }
      if (identifiers != o.identifiers) {
        return identifiers > o.identifiers ? this : o;
      }
      return next.compareTo(o.next) <= 0 ? this : o;
    }
  }

  static Identities read(
      DeltaTable map,
      Predicate onRunDate,
      DeltaTable merges,
      Predicate upToRunDate,
      Utf8Dictionary persons) {
    for (String c : List.of("id_type", "id_value", "person_id")) {
      map.require(c, StringType.STRING);
    }
    // Pass 1 counts the rows of known types, so the index is allocated once at its final size.
    long[] known = {0};
    map.scan(
        onRunDate,
        List.of("id_type"),
        (b, i) -> known[0] += IdType.ofUtf8(Cells.bytes(b, 0, i, map)) == null ? 0 : 1);
    IdentityIndex.Builder ids = new IdentityIndex.Builder(Math.toIntExact(known[0]));
    Map<String, Long> skipped = new TreeMap<>();
    Cells.LastCode personCodes = new Cells.LastCode(persons);
    map.scan(
        onRunDate,
        List.of("id_type", "id_value", "person_id"),
        (b, i) -> {
          IdType type = IdType.ofUtf8(Cells.bytes(b, 0, i, map));
          if (type == null) {
            skipped.merge(Cells.text(b, 0, i, map), 1L, Long::sum);
          } else {
            ids.add(type, Cells.bytes(b, 1, i, map), personCodes.of(Cells.bytes(b, 2, i, map)));
          }
        });
    if (!skipped.isEmpty()) {
      LOG.warn("identity_map: identifiers of unknown types left out: {}", skipped);
    }
    IdentityIndex index = ids.build();
    Map<String, Move> moves = moves(merges, upToRunDate);
    Utf8Dictionary former = new Utf8Dictionary();
    List<Integer> successors = new ArrayList<>();
    moves.keySet().stream()
        .sorted()
        .forEach(
            old -> {
              // A person of the run date's map is who they are now, whatever an older night said.
              int now = persons.find(old) >= 0 ? -1 : follow(old, moves, persons);
              if (now >= 0) {
                former.add(old);
                successors.add(now);
              }
            });
    return new Identities(
        index, former.freeze(), successors.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Map<String, Move> moves(DeltaTable merges, Predicate upToRunDate) {
    for (String c : List.of("old_person_id", "new_person_id")) {
      merges.require(c, StringType.STRING);
    }
    merges.require("identifiers", LongType.LONG);
    merges.require("run_date", DateType.DATE);
    Map<String, Move> moves = new HashMap<>();
    merges.scan(
        upToRunDate,
        List.of("old_person_id", "new_person_id", "identifiers", "run_date"),
        (b, i) ->
            moves.merge(
                Cells.text(b, 0, i, merges),
                new Move(
                    Cells.text(b, 1, i, merges),
                    b.getColumnVector(2).isNullAt(i) ? 0 : b.getColumnVector(2).getLong(i),
                    b.getColumnVector(3).getInt(i)),
                Move::newer));
    return moves;
  }

  private static int follow(String old, Map<String, Move> moves, Utf8Dictionary persons) {
    String id = old;
    for (int step = 0; step < MAX_CHAIN; step++) {
      Move m = moves.get(id);
      if (m == null) {
        return -1;
      }
      id = m.next();
      int code = persons.find(id);
      if (code >= 0) {
        return code;
      }
    }
    return -1;
  }
}
