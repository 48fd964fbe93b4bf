package org.segmentofone.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ConnectedComponentsTest {
  private static final StructType EDGES =
      new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType);
  private static final StructType NODES = new StructType().add("node", DataTypes.StringType);

  private static ConnectedComponents.Result run(Dataset<Row> nodes, Dataset<Row> edges) {
    return ConnectedComponents.run(nodes, edges, 20, false);
  }

  private static Map<String, String> labels(ConnectedComponents.Result r) {
    return r.components().collectAsList().stream()
        .collect(Collectors.toMap(x -> x.getString(0), x -> x.getString(1)));
  }

  private static Object[][] nodes(String... names) {
    return java.util.Arrays.stream(names).map(n -> new Object[] {n}).toArray(Object[][]::new);
  }

  @Test
  void aLongChainBecomesOneComponentLabelledByItsSmallestNodeInFewRounds() {
    // n00 - n01 - ... - n31, listed in an order that hides the chain, plus a lonely node.
    Object[][] chain =
        IntStream.range(0, 31)
            .map(i -> (i * 7) % 31)
            .mapToObj(i -> new Object[] {"n%02d".formatted(i + 1), "n%02d".formatted(i)})
            .toArray(Object[][]::new);
    String[] names = IntStream.range(0, 32).mapToObj("n%02d"::formatted).toArray(String[]::new);
    Dataset<Row> all = rows(NODES, nodes(names)).union(rows(NODES, nodes("lonely")));
    ConnectedComponents.Result r = run(all, rows(EDGES, chain));
    Map<String, String> got = labels(r);
    assertThat(got).hasSize(33).containsEntry("lonely", "lonely");
    got.remove("lonely");
    assertThat(got.values()).containsOnly("n00");
    assertThat(r.rounds()).isBetween(2, 10);
  }

  @Test
  void aStarWithItsCentreLargestConvergesToTheSmallestLeaf() {
    Object[][] star =
        IntStream.range(0, 50)
            .mapToObj(i -> new Object[] {"z-centre", "leaf-%02d".formatted(i)})
            .toArray(Object[][]::new);
    Dataset<Row> all =
        rows(NODES, nodes("z-centre"))
            .union(
                rows(
                    NODES,
                    IntStream.range(0, 50)
                        .mapToObj(i -> new Object[] {"leaf-%02d".formatted(i)})
                        .toArray(Object[][]::new)));
    Map<String, String> got = labels(run(all, rows(EDGES, star)));
    assertThat(got).hasSize(51);
    assertThat(got.values()).containsOnly("leaf-00");
  }

  @Test
  void separateGraphsStaySeparateAndSelfLoopsAndRepeatsChangeNothing() {
    Map<String, String> got =
        labels(
            run(
                rows(NODES, nodes("a", "b", "c", "x", "y")),
                rows(
                    EDGES,
                    new Object[] {"b", "a"},
                    new Object[] {"a", "b"},
                    new Object[] {"c", "b"},
                    new Object[] {"y", "x"},
                    new Object[] {"x", "x"})));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", "a", "b", "a", "c", "a", "x", "x", "y", "x"));
  }
}
