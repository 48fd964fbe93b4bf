package org.segmentofone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The forget proof's scanner finds the person wherever a string names them, in any file. */
class ForgottenPersonTest {
  private final SparkSession spark = TestSpark.session();
  private final ForgottenPerson ana =
      new ForgottenPerson(Set.of("p-ana", "user_id:u-7", "u-7"), 1, Set.of());

  @Test
  void everyFileOnDiskIsScannedAtAnyDepthWhileTheCurrentVersionIsReadThroughDelta() {
    Path warehouse = TestSpark.tempDir("forgotten");
    String table = warehouse.resolve("recs").toString();
    Dataset<Row> v0 =
        spark.sql(
            "SELECT * FROM VALUES "
                + "('p-ana', array('x'), map('k', 'v'), '{}'), "
                + "('p-bob', array('u-7'), map('k', 'v'), '{}'), "
                + "('p-cy', array('x'), map('user_id:u-7', 'v'), '{}'), "
                + "('p-dee', array('x'), map('k', 'v'), '{\"user_id\": \"u-7\"}'), "
                + "('p-eve', array('u-70'), map('k', 'u-7x'), '{\"user_id\": \"u-70\"}') "
                + "AS t(person_id, products, extra, raw)");
    v0.write().format("delta").save(table);
    assertThat(ana.rowsIn(spark, warehouse.toString(), true))
        .as("ana's own row, a nested array element, a map key and a raw JSON value")
        .isEqualTo(4);
    assertThat(ana.rowsIn(spark, warehouse.toString(), false))
        .as("the current version through Delta looks at top-level strings and raw only")
        .isEqualTo(2);

    // A new version without ana's rows: the old file stays on disk until VACUUM.
    v0.where("person_id IN ('p-eve')").write().format("delta").mode("overwrite").save(table);
    assertThat(ana.rowsIn(spark, warehouse.toString(), false)).isZero();
    assertThat(ana.rowsIn(spark, warehouse.toString(), true))
        .as("the replaced file still names ana")
        .isEqualTo(4);
  }
}
