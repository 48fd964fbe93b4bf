package org.segmentofone.forget;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.RawEvents;

/**
 * The erasure list's hashing, shared by {@code forget} (which writes it) and {@code collect} (which
 * drops events of erased identifiers): SHA-256 of the salt, the type and the trimmed value, so the
 * table never holds an identifier and a guessable id cannot be looked up without the salt.
 */
public final class Erasures {
  /** collect's status of a row whose identifiers were erased: neither stored nor quarantined. */
  public static final String ERASED = "erased";

  private Erasures() {}

  /** The erasure hash of an identifier column of the given type. */
  public static Column idHash(String salt, String type, Column value) {
    Column v = type.equals("email_hash") ? lower(trim(value)) : trim(value);
    return sha2(concat(lit(salt + "\u0000erasure\u0000" + type + "\u0000"), v), 256);
  }

  /** The same hash computed on the driver (for the identifiers of a request). */
  public static String idHash(String salt, Identifier id) {
    return Identifier.sha256Hex(salt + "\u0000erasure\u0000" + id.type() + "\u0000" + id.value());
  }

  /**
   * True for a row of the events contract any of whose identifiers ({@code user_id}, {@code
   * email_hash}, {@code anonymous_id}) is in {@code erasedHashes} (column {@code id_hash}), else
   * false: three broadcast joins, the list is small.
   */
  public static Dataset<Row> markErased(
      Dataset<Row> events, Dataset<Row> erasedHashes, String salt, String flagColumn) {
    Dataset<Row> hashes = erasedHashes.select(col("id_hash")).distinct();
    Dataset<Row> out = events;
    Column erased = lit(false);
    String[][] ids = {
      {"user_id", RawEvents.USER_ID},
      {"email_hash", RawEvents.EMAIL_HASH},
      {"anonymous_id", RawEvents.ANONYMOUS_ID}
    };
    for (int i = 0; i < ids.length; i++) {
      String h = "_erased_h" + i;
      String m = "_erased_m" + i;
      out =
          out.withColumn(h, idHash(salt, ids[i][0], col(ids[i][1])))
              .join(broadcast(hashes.select(col("id_hash").as(m))), col(h).equalTo(col(m)), "left");
      erased = erased.or(col(m).isNotNull());
    }
    return out.withColumn(flagColumn, when(erased, lit(true)).otherwise(lit(false)))
        .drop("_erased_h0", "_erased_h1", "_erased_h2", "_erased_m0", "_erased_m1", "_erased_m2");
  }
}
