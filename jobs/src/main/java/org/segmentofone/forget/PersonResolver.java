package org.segmentofone.forget;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Tables;

/**
 * Finds who a request names. The persons: every person id a requested identifier ever mapped to
 * (any run date of {@code identity_map}) and the person ids {@code identity_merges} links to them.
 * Their identifiers: each identifier whose newest mapping is one of those persons, plus the
 * requested ones; a shared device (a suspect) is left out unless it was requested, so a kiosk's
 * other customers keep their events. Only request-sized lists reach the driver.
 */
final class PersonResolver {
  private static final int MAX_MERGE_ROUNDS = 20;

  /** The persons and identifiers to erase, and the requested identifiers nobody knew. */
  record Resolution(
      Set<String> persons, Map<String, Set<String>> identifiers, List<Identifier> unknown) {

    Set<String> values(String type) {
      return identifiers.getOrDefault(type, Set.of());
    }

    int identifierCount() {
      return identifiers.values().stream().mapToInt(Set::size).sum();
    }

    /** connect's node keys ({@code type:value}) of the identifiers. */
    Set<String> nodeKeys() {
      Set<String> keys = new TreeSet<>();
      identifiers.forEach((t, vs) -> vs.forEach(v -> keys.add(t + ":" + v)));
      return keys;
    }
  }

  private PersonResolver() {}

  static Resolution resolve(DeltaTables tables, List<Identifier> requested) {
    Dataset<Row> map = tables.readOrEmpty(Tables.IDENTITY_MAP);
    Set<String> persons = new TreeSet<>();
    List<Identifier> unknown = new ArrayList<>();
    for (Identifier id : requested) {
      if (id.type().equals(Identifier.PERSON_ID)) {
        persons.add(id.value());
      }
    }
    Set<String> found = new TreeSet<>();
    Column named = matches(requested);
    for (Row r :
        map.where(named).select("id_type", "id_value", "person_id").distinct().collectAsList()) {
      found.add(r.getString(0) + ":" + r.getString(1));
      persons.add(r.getString(2));
    }
    for (Identifier id : requested) {
      if (!id.type().equals(Identifier.PERSON_ID) && !found.contains(id.nodeKey())) {
        unknown.add(id);
      }
    }
    persons.addAll(mergedWith(tables, persons));

    Map<String, Set<String>> ids = new TreeMap<>();
    for (Identifier id : requested) {
      if (!id.type().equals(Identifier.PERSON_ID)) {
        ids.computeIfAbsent(id.type(), t -> new TreeSet<>()).add(id.value());
      }
    }
    if (!persons.isEmpty()) {
      Dataset<Row> newest =
          map.withColumn(
                  "_newest",
                  row_number()
                      .over(
                          Window.partitionBy("id_type", "id_value")
                              .orderBy(col("run_date").desc())))
              .where(col("_newest").equalTo(1))
              .where(col("person_id").isin(persons.toArray()));
      Dataset<Row> suspects =
          tables.readOrEmpty(Tables.IDENTITY_SUSPECTS).select("id_type", "id_value").distinct();
      for (Row r :
          newest
              .join(suspects, new String[] {"id_type", "id_value"}, "left_anti")
              .select("id_type", "id_value")
              .collectAsList()) {
        ids.computeIfAbsent(r.getString(0), t -> new TreeSet<>()).add(r.getString(1));
      }
      // Old person ids of these identifiers (recommendations of earlier run dates use them).
      Resolution partial = new Resolution(persons, ids, unknown);
      for (Row r : map.where(matches(partial)).select("person_id").distinct().collectAsList()) {
        persons.add(r.getString(0));
      }
    }
    return new Resolution(persons, ids, unknown);
  }

  /** Person ids linked to {@code persons} through recorded merges, splits and renames. */
  private static Set<String> mergedWith(DeltaTables tables, Set<String> persons) {
    Dataset<Row> merges = tables.readOrEmpty(Tables.IDENTITY_MERGES);
    Set<String> all = new TreeSet<>(persons);
    for (int round = 0; round < MAX_MERGE_ROUNDS && !all.isEmpty(); round++) {
      Object[] known = all.toArray();
      int before = all.size();
      for (Row r :
          merges
              .where(col("old_person_id").isin(known).or(col("new_person_id").isin(known)))
              .select("old_person_id", "new_person_id")
              .collectAsList()) {
        all.add(r.getString(0));
        all.add(r.getString(1));
      }
      if (all.size() == before) {
        break;
      }
    }
    return all;
  }

  private static Column matches(List<Identifier> ids) {
    Map<String, Set<String>> byType = new LinkedHashMap<>();
    for (Identifier id : ids) {
      if (!id.type().equals(Identifier.PERSON_ID)) {
        byType.computeIfAbsent(id.type(), t -> new TreeSet<>()).add(id.value());
      }
    }
    return byTypeMatch(byType);
  }

  private static Column matches(Resolution r) {
    return byTypeMatch(r.identifiers());
  }

  private static Column byTypeMatch(Map<String, Set<String>> byType) {
    Column any = org.apache.spark.sql.functions.lit(false);
    for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
      any =
          any.or(
              col("id_type").equalTo(e.getKey()).and(col("id_value").isin(e.getValue().toArray())));
    }
    return any;
  }
}
