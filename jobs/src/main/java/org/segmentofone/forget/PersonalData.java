package org.segmentofone.forget;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.segmentofone.common.TableSpec;
import org.segmentofone.common.Tables;

/**
 * Where a person's rows live: each table that holds person-level data and the predicate that
 * selects one resolution's rows in it. Aggregates (trending, evaluations, the audit and the
 * experiment readouts) hold no person's rows.
 */
final class PersonalData {
  /** A table and the rows of the erased persons in it. */
  record Target(TableSpec spec, Column rows) {}

  private PersonalData() {}

  static List<Target> targets(PersonResolver.Resolution r) {
    Column persons = in(col("person_id"), r.persons());
    Set<String> keys = r.nodeKeys();
    List<Target> out = new ArrayList<>();
    out.add(
        new Target(
            Tables.EVENTS,
            in(trim(col("user_id")), r.values("user_id"))
                .or(in(lower(trim(col("email_hash"))), r.values("email_hash")))
                .or(in(trim(col("anonymous_id")), r.values("anonymous_id")))));
    out.add(new Target(Tables.QUARANTINE, rawMentions(r)));
    out.add(
        new Target(Tables.IDENTITY_OBSERVATIONS, in(col("src"), keys).or(in(col("dst"), keys))));
    out.add(new Target(Tables.IDENTITY_EDGES, in(col("src"), keys).or(in(col("dst"), keys))));
    out.add(new Target(Tables.IDENTITY_MAP, persons.or(identifiers(r))));
    out.add(new Target(Tables.IDENTITY_SUSPECTS, identifiers(r)));
    out.add(
        new Target(
            Tables.IDENTITY_MERGES,
            in(col("old_person_id"), r.persons()).or(in(col("new_person_id"), r.persons()))));
    out.add(new Target(Tables.INTERACTIONS, persons));
    out.add(new Target(Tables.PERSON_PROFILE, persons));
    out.add(new Target(Tables.RECOMMENDATIONS, persons));
    out.add(new Target(Tables.PERSON_INDEX, persons));
    return out;
  }

  /** Rows of identity-shaped tables ({@code id_type}, {@code id_value}) naming an identifier. */
  private static Column identifiers(PersonResolver.Resolution r) {
    Column any = lit(false);
    for (var e : r.identifiers().entrySet()) {
      any = any.or(col("id_type").equalTo(e.getKey()).and(in(col("id_value"), e.getValue())));
    }
    return any;
  }

  /**
   * Quarantined raw rows (JSON) holding one of the identifiers as a string value: the row was
   * rejected, so its columns may be misnamed or mistyped, but the value is there.
   */
  private static Column rawMentions(PersonResolver.Resolution r) {
    Set<String> values = new TreeSet<>();
    r.identifiers().values().forEach(values::addAll);
    if (values.isEmpty()) {
      return lit(false);
    }
    String alternatives =
        values.stream().map(v -> Pattern.quote(v)).collect(Collectors.joining("|"));
    return col("raw").rlike("\"\\s*(" + alternatives + ")\\s*\"");
  }

  private static Column in(Column c, Set<String> values) {
    return values.isEmpty() ? lit(false) : c.isin(values.toArray());
  }
}
