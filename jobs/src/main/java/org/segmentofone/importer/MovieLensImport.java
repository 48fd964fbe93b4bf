package org.segmentofone.importer;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.RawEvents;

/**
 * MovieLens ratings ({@code u.data}: user, item, rating, epoch seconds, tab-separated; or {@code
 * ratings.csv}: userId,movieId,rating,timestamp). Every rater is a logged-in customer; a rating at
 * or above {@code import.min-purchase-rating} is a purchase-strength event (one-item order), below
 * it a product view. The catalog comes from {@code u.item} or {@code movies.csv} beside the ratings
 * (title, first genre as category), else from the rated items.
 */
public final class MovieLensImport {
  /** The genre columns of u.item, in file order (MovieLens 100k's u.genre). */
  static final List<String> GENRES =
      List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  private static final StructType RATINGS =
      new StructType()
          .add("user", DataTypes.StringType)
          .add("item", DataTypes.StringType)
          .add("rating", DataTypes.StringType)
          .add("ts", DataTypes.StringType);

  private MovieLensImport() {}

  /** Staged events and the catalog, read from a file or a MovieLens folder. */
  static Imported read(SparkSession spark, String input, double minPurchaseRating) {
    String udata = InputFiles.find(spark, input, List.of("u.data")).orElse(null);
    String csv = InputFiles.find(spark, input, List.of("ratings.csv")).orElse(null);
    Dataset<Row> ratings;
    String file;
    if (udata != null) {
      file = udata;
      ratings = spark.read().option("sep", "\t").schema(RATINGS).csv(udata);
    } else if (csv != null) {
      file = csv;
      ratings = spark.read().option("header", "true").schema(RATINGS).csv(csv);
    } else {
      throw new ConfigException(
          "movielens input " + input + " is neither u.data nor ratings.csv, nor a folder with one");
    }
    Dataset<Row> staged = toEvents(ratings, minPurchaseRating);
    Dataset<Row> catalog;
    String uitem = InputFiles.sibling(spark, file, List.of("u.item")).orElse(null);
    String movies = InputFiles.sibling(spark, file, List.of("movies.csv")).orElse(null);
    if (uitem != null) {
      catalog =
          catalogFromUItem(
              spark.read().option("sep", "|").option("encoding", "ISO-8859-1").csv(uitem));
    } else if (movies != null) {
      catalog = catalogFromMoviesCsv(spark.read().option("header", "true").csv(movies));
    } else {
      catalog = catalogFromEvents(ImportRows.events(staged));
    }
    return new Imported(staged, catalog);
  }

  /** Ratings (user, item, rating, ts as text) → staged contract rows. */
  public static Dataset<Row> toEvents(Dataset<Row> ratings, double minPurchaseRating) {
    Column rating = col("rating").try_cast(DataTypes.DoubleType);
    // Epoch seconds; beyond the year 5138 is not a rating time (and would overflow).
    Column seconds =
        when(
            abs(col("ts").try_cast(DataTypes.LongType)).lt(100_000_000_000L),
            col("ts").try_cast(DataTypes.LongType));
    Column purchase = rating.geq(minPurchaseRating);
    Column id = concat_ws(":", lit("ml"), col("user"), col("item"));
    Column reason =
        when(col("user").isNull().or(col("item").isNull()), lit("missing_user_or_item"))
            .when(rating.isNull(), lit("unparseable_rating"))
            .when(seconds.isNull(), lit("unparseable_timestamp"));
    Map<String, Column> v = new LinkedHashMap<>();
    v.put(RawEvents.EVENT_ID, id);
    v.put(RawEvents.EVENT_TIME, timestamp_seconds(seconds));
    v.put(
        RawEvents.EVENT_TYPE,
        when(purchase, lit(EventTypes.PURCHASE)).otherwise(lit(EventTypes.PRODUCT_VIEW)));
    v.put(RawEvents.USER_ID, col("user"));
    v.put(RawEvents.PRODUCT_ID, col("item"));
    v.put(RawEvents.QUANTITY, when(purchase, lit(1)));
    v.put(RawEvents.ORDER_ID, when(purchase, id));
    return ImportRows.staged(
        ratings, v, reason, concat_ws("\t", col("user"), col("item"), col("rating"), col("ts")));
  }

  /** u.item: id|title|release|video release|url|19 genre flags. */
  static Dataset<Row> catalogFromUItem(Dataset<Row> items) {
    Column genre = lit(null).cast("string");
    for (int g = GENRES.size() - 1; g >= 0; g--) {
      genre = when(col("_c" + (5 + g)).equalTo("1"), lit(GENRES.get(g))).otherwise(genre);
    }
    Map<String, Column> c = new LinkedHashMap<>();
    c.put("product_id", col("_c0"));
    c.put("title", col("_c1"));
    c.put("category", concat(lit("Movies > "), coalesce(genre, lit("unknown"))));
    c.put("in_stock", lit(true));
    c.put("created_at", try_to_timestamp(col("_c2"), lit("dd-MMM-yyyy")));
    return ImportRows.catalog(items, c);
  }

  /** movies.csv: movieId,title,genres (A|B|C). */
  static Dataset<Row> catalogFromMoviesCsv(Dataset<Row> movies) {
    Map<String, Column> c = new LinkedHashMap<>();
    c.put("product_id", col("movieId"));
    c.put("title", col("title"));
    c.put("category", concat(lit("Movies > "), element_at(split(col("genres"), "\\|"), 1)));
    c.put("in_stock", lit(true));
    return ImportRows.catalog(movies, c);
  }

  /** Without a catalog file: every product seen, without attributes. */
  static Dataset<Row> catalogFromEvents(Dataset<Row> events) {
    Map<String, Column> c = new LinkedHashMap<>();
    c.put("product_id", col(RawEvents.PRODUCT_ID));
    c.put("in_stock", lit(true));
    return ImportRows.catalog(
        events.select(RawEvents.PRODUCT_ID).where(col(RawEvents.PRODUCT_ID).isNotNull()).distinct(),
        c);
  }
}
