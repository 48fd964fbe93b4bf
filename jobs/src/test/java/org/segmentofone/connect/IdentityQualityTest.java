package org.segmentofone.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class IdentityQualityTest {
  private static final StructType MAP =
      new StructType()
          .add("id_type", DataTypes.StringType)
          .add("id_value", DataTypes.StringType)
          .add("person_id", DataTypes.StringType);
  private static final StructType TRUTH =
      new StructType()
          .add("id_type", DataTypes.StringType)
          .add("id_value", DataTypes.StringType)
          .add("person_key", DataTypes.StringType);
  private static final StructType EDGES =
      new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
  private static final StructType IDS =
      new StructType().add("id_type", DataTypes.StringType).add("id_value", DataTypes.StringType);
  private static final StructType NODES = new StructType().add("node", DataTypes.StringType);

  private static Object[] id(String type, String value, String label) {
    return new Object[] {type, value, label};
  }

  @Test
  void pairwisePrecisionRecallAndKioskMergesMatchAHandCount() {
    Dataset<Row> truth =
        rows(
            TRUTH,
            id("user_id", "a", "A"),
            id("anonymous_id", "a1", "A"),
            id("anonymous_id", "a2", "A"),
            id("email_hash", "ea", "A"),
            id("user_id", "b", "B"),
            id("anonymous_id", "b1", "B"),
            id("anonymous_id", "c1", "C"),
            id("anonymous_id", "c2", "C"));
    // A's four identifiers are linked by events (6 observable pairs), B's two (1); C's two devices
    // never met on an event (0); the kiosk links a and b but belongs to nobody.
    Dataset<Row> edges =
        rows(
            EDGES,
            new Object[] {"user_id:a", "anonymous_id:a1"},
            new Object[] {"user_id:a", "anonymous_id:a2"},
            new Object[] {"user_id:a", "email_hash:ea"},
            new Object[] {"user_id:b", "anonymous_id:b1"},
            new Object[] {"user_id:a", "anonymous_id:k"},
            new Object[] {"user_id:b", "anonymous_id:k"});
    // P1 merged A and B through the kiosk; P2 missed a2; P3 guessed C right without evidence.
    Dataset<Row> map =
        rows(
            MAP,
            id("user_id", "a", "P1"),
            id("anonymous_id", "a1", "P1"),
            id("email_hash", "ea", "P1"),
            id("anonymous_id", "k", "P1"),
            id("user_id", "b", "P1"),
            id("anonymous_id", "b1", "P1"),
            id("anonymous_id", "a2", "P2"),
            id("anonymous_id", "c1", "P3"),
            id("anonymous_id", "c2", "P3"));
    IdentityQuality.Report r =
        IdentityQuality.evaluate(map, truth, edges, rows(IDS, new Object[] {"anonymous_id", "k"}));
    // Predicted pairs among known identifiers: C(5,2) in P1 + C(2,2) in P3 = 11; correct: 3 (A in
    // P1) + 1 (B in P1) + 1 (C in P3) = 5. Observable 7, found 3 (A in P1) + 1 (B in P1) = 4.
    assertThat(r.predictedPairs()).isEqualTo(11);
    assertThat(r.correctPairs()).isEqualTo(5);
    assertThat(r.observablePairs()).isEqualTo(7);
    assertThat(r.foundPairs()).isEqualTo(4);
    assertThat(r.precision()).isEqualTo(5.0 / 11);
    assertThat(r.recall()).isEqualTo(4.0 / 7);
    assertThat(r.overMergedPersons()).isEqualTo(1);
    assertThat(r.sharedDeviceMerges()).isEqualTo(1);
    assertThat(r.identifiers()).isEqualTo(9);
    assertThat(r.persons()).isEqualTo(3);
    assertThat(r.truthPersons()).isEqualTo(3);
  }

  @Test
  void stabilityCountsUnchangedPersonIdsOverallAndWhereNoNewLinkArrived() {
    Dataset<Row> before =
        rows(
            MAP,
            id("anonymous_id", "a1", "P1"),
            id("anonymous_id", "a2", "P2"),
            id("anonymous_id", "x", "P3"));
    Dataset<Row> after =
        rows(
            MAP,
            id("anonymous_id", "a1", "P1"),
            id("anonymous_id", "a2", "P1"),
            id("anonymous_id", "x", "P3"),
            id("anonymous_id", "new", "P4"));
    IdentityQuality.Stability s =
        IdentityQuality.stability(before, after, rows(NODES, new Object[] {"anonymous_id:a2"}));
    assertThat(s.common()).isEqualTo(3);
    assertThat(s.unchanged()).isEqualTo(2);
    assertThat(s.untouched()).isEqualTo(2);
    assertThat(s.untouchedUnchanged()).isEqualTo(2);
    assertThat(s.unchangedShare()).isEqualTo(2.0 / 3);
    assertThat(s.untouchedUnchangedShare()).isEqualTo(1.0);
  }
}
