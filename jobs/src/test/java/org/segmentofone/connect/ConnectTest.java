package org.segmentofone.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ConnectTest {
  private static final ConnectConfig CFG =
      new ConnectConfig(
          List.of("", "undefined", "0"), List.of(Pattern.compile("^test-.*")), 2, 2, 20);
  private static final StructType EVENTS =
      new StructType()
          .add("event_time", DataTypes.TimestampType)
          .add("user_id", DataTypes.StringType)
          .add("email_hash", DataTypes.StringType)
          .add("anonymous_id", DataTypes.StringType);
  private static final StructType EDGES =
      new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
  private static final StructType NODES = new StructType().add("node", DataTypes.StringType);

  private static Object[] ev(String user, String email, String anon) {
    return new Object[] {Timestamp.valueOf("2026-11-20 10:00:00"), user, email, anon};
  }

  private static Map<String, String> components(Dataset<Row> nodes, Dataset<Row> edges) {
    return ConnectedComponents.run(nodes, edges, 20, false).components().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  @Test
  void aLongChainBecomesOneComponentLabelledByItsSmallestNode() {
    Object[][] chain = new Object[11][];
    Object[][] nodes = new Object[13][];
    for (int i = 0; i < 11; i++) {
      chain[i] = new Object[] {"n" + (char) ('a' + i), "n" + (char) ('a' + i + 1)};
    }
    for (int i = 0; i < 12; i++) {
      nodes[i] = new Object[] {"n" + (char) ('a' + i)};
    }
    nodes[12] = new Object[] {"lonely"};
    ConnectedComponents.Result r =
        ConnectedComponents.run(rows(NODES, nodes), rows(EDGES, chain), 20, false);
    Map<String, String> got =
        r.components().collectAsList().stream()
            .collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(1)));
    assertThat(got).hasSize(13).containsEntry("lonely", "lonely");
    assertThat(
            got.entrySet().stream()
                .filter(e -> !e.getKey().equals("lonely"))
                .map(Map.Entry::getValue))
        .containsOnly("na");
    assertThat(r.rounds()).isLessThan(10);
  }

  @Test
  void separateGraphsStaySeparate() {
    Map<String, String> got =
        components(
            rows(
                NODES,
                new Object[] {"a"},
                new Object[] {"b"},
                new Object[] {"c"},
                new Object[] {"x"},
                new Object[] {"y"}),
            rows(
                EDGES,
                new Object[] {"b", "a"},
                new Object[] {"c", "b"},
                new Object[] {"y", "x"},
                new Object[] {"x", "x"}));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "a", "b", "a", "c", "a", "x", "x", "y", "x"));
  }

  private static Map<String, String> personOf(Dataset<Row> events) {
    Dataset<Row> ids = ConnectTransforms.eventIdentifiers(events, CFG);
    Dataset<Row> shared = ConnectTransforms.sharedIdentifiers(ids, CFG);
    Dataset<Row> nodes = ConnectTransforms.nodes(ids);
    Dataset<Row> comps =
        ConnectedComponents.run(nodes, ConnectTransforms.edges(ids, shared), 20, false)
            .components();
    return ConnectTransforms.identityMap(nodes, comps).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0) + ":" + r.getString(1), r -> r.getString(2)));
  }

  @Test
  void devicesAndEmailsOfOneCustomerBecomeOnePersonNamedAfterTheCustomer() {
    Map<String, String> p =
        personOf(
            rows(
                EVENTS,
                ev(null, null, "phone"),
                ev("cust-1", null, "phone"),
                ev(null, "h1", "laptop"),
                ev("cust-1", "h1", null),
                ev(null, null, "stranger")));
    String person = p.get("user_id:cust-1");
    assertThat(person).startsWith("p-").hasSize(22);
    assertThat(p)
        .containsEntry("anonymous_id:phone", person)
        .containsEntry("anonymous_id:laptop", person)
        .containsEntry("email_hash:h1", person);
    assertThat(p.get("anonymous_id:stranger")).isNotEqualTo(person);
  }

  @Test
  void aKioskSharedByManyCustomersMergesNobody() {
    Map<String, String> p =
        personOf(
            rows(
                EVENTS,
                ev("cust-1", null, "kiosk"),
                ev("cust-2", null, "kiosk"),
                ev("cust-3", null, "kiosk"),
                ev("cust-1", null, "phone1"),
                ev("cust-2", null, "phone2")));
    assertThat(List.of(p.get("user_id:cust-1"), p.get("user_id:cust-2"), p.get("user_id:cust-3")))
        .doesNotHaveDuplicates();
    assertThat(p.get("anonymous_id:kiosk"))
        .isNotIn(p.get("user_id:cust-1"), p.get("user_id:cust-2"));
    assertThat(p.get("anonymous_id:phone1")).isEqualTo(p.get("user_id:cust-1"));
  }

  @Test
  void blockedValuesLinkNothing() {
    Map<String, String> p =
        personOf(
            rows(
                EVENTS,
                ev("cust-1", null, "undefined"),
                ev("cust-2", null, "undefined"),
                ev("cust-3", null, "test-device")));
    assertThat(p).doesNotContainKeys("anonymous_id:undefined", "anonymous_id:test-device");
    assertThat(p.get("user_id:cust-1")).isNotEqualTo(p.get("user_id:cust-2"));
  }

  @Test
  void personIdIsStableWhenTheGraphGrows() {
    String before = personOf(rows(EVENTS, ev("cust-1", null, "phone"))).get("user_id:cust-1");
    String after =
        personOf(
                rows(
                    EVENTS,
                    ev("cust-1", null, "phone"),
                    ev(null, "h9", "phone"),
                    ev(null, null, "tablet")))
            .get("anonymous_id:phone");
    assertThat(after).isEqualTo(before);
  }
}
