package org.segmentofone.train;

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
import org.segmentofone.TestSpark;

class DenseIndexTest {
  private static final StructType IDS = new StructType().add("person_id", DataTypes.StringType);
  private static final StructType INDEX =
      new StructType().add("person_id", DataTypes.StringType).add("idx", DataTypes.IntegerType);

  private static Map<String, Integer> asMap(Dataset<Row> index) {
    return index.collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getInt(1)));
  }

  @Test
  void numbersDistinctIdsDenselyFromZero() {
    Object[][] ids =
        IntStream.range(0, 500)
            .mapToObj(i -> new Object[] {"p" + (i % 300)})
            .toArray(Object[][]::new);
    Map<String, Integer> idx =
        asMap(DenseIndex.extend(TestSpark.session(), rows(INDEX), rows(IDS, ids), "person_id"));
    assertThat(idx).hasSize(300);
    assertThat(idx.values())
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 300).boxed().toList());
  }

  @Test
  void knownIdsKeepTheirNumberAndNewOnesFollow() {
    Dataset<Row> existing =
        rows(INDEX, new Object[] {"a", 0}, new Object[] {"b", 1}, new Object[] {"c", 2});
    Map<String, Integer> idx =
        asMap(
            DenseIndex.extend(
                TestSpark.session(),
                existing,
                rows(
                    IDS,
                    new Object[] {"c"},
                    new Object[] {"d"},
                    new Object[] {"e"},
                    new Object[] {null}),
                "person_id"));
    assertThat(idx).containsEntry("a", 0).containsEntry("b", 1).containsEntry("c", 2).hasSize(5);
    assertThat(Map.of("d", idx.get("d"), "e", idx.get("e")).values())
        .containsExactlyInAnyOrder(3, 4);
  }
}
