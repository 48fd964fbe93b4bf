package org.segmentofone.measure;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.segmentofone.common.EventTypes;

/**
 * The experiment readout as Dataset transforms: who is in which arm, what each session did, and per
 * arm and day the person-level sums the statistics need. Built-in functions only; the output of
 * {@link #armSums} is a few rows per experiment, arm and day.
 */
public final class MeasureTransforms {
  public static final String EXPERIMENT = "experiment";
  public static final String BASELINE = "baseline";

  private MeasureTransforms() {}

  /** Each experiment's first impression date (its launch). Input: events with person_id. */
  public static Dataset<Row> launches(Dataset<Row> personEvents) {
    return impressions(personEvents).groupBy("experiment").agg(min("event_date").as("launch"));
  }

  private static Dataset<Row> impressions(Dataset<Row> personEvents) {
    return personEvents.where(
        col("event_type")
            .equalTo(EventTypes.REC_IMPRESSION)
            .and(col("experiment").isNotNull())
            .and(col("arm").isNotNull()));
  }

  /**
   * One row per experiment and exposed person: the arm (the smaller name when several), {@code
   * arms} (how many distinct arms the person saw: above 1 is a mixed person) and the first exposure
   * date, from impressions inside each experiment's window. {@code windows}: experiment, period,
   * start, end.
   */
  public static Dataset<Row> assignments(Dataset<Row> personEvents, Dataset<Row> windows) {
    Dataset<Row> w = windows.where(col("period").equalTo(EXPERIMENT));
    return impressions(personEvents)
        .join(w, "experiment")
        .where(col("event_date").between(col("start"), col("end")))
        .groupBy("experiment", "person_id")
        .agg(
            min("arm").as("arm"),
            size(collect_set("arm")).as("arms"),
            min("event_date").as("first_exposure"));
  }

  /** Persons seen in more than one arm, per experiment (they are reported and left out). */
  public static Dataset<Row> mixedPersons(Dataset<Row> assignments) {
    return assignments.groupBy("experiment").agg(count_if(col("arms").gt(1)).as("mixed_persons"));
  }

  /**
   * One row per person and session: its date (of its first event), whether it converted, its orders
   * (distinct order ids), revenue (price × quantity of its purchases), recommendation clicks and
   * the revenue of purchases of a product the person clicked in a recommendation at most {@code
   * attributionHours} before (in any session). Events without a session id form one session per
   * person and day.
   */
  public static Dataset<Row> sessions(Dataset<Row> personEvents, int attributionHours) {
    Column session =
        coalesce(
            col("session_id"), concat_ws(":", lit("day"), col("person_id"), col("event_date")));
    Dataset<Row> ev = personEvents.withColumn("session", session);
    Column purchase = col("event_type").equalTo(EventTypes.PURCHASE);
    Dataset<Row> clicks =
        ev.where(col("event_type").equalTo(EventTypes.REC_CLICK).and(col("product_id").isNotNull()))
            .select(
                col("person_id").as("c_person"),
                col("product_id").as("c_product"),
                col("event_time").as("c_time"));
    Dataset<Row> purchases = ev.where(purchase);
    Dataset<Row> attributed =
        purchases
            .join(
                clicks,
                col("person_id")
                    .equalTo(col("c_person"))
                    .and(col("product_id").equalTo(col("c_product")))
                    .and(col("c_time").leq(col("event_time")))
                    .and(
                        col("event_time")
                            .leq(
                                col("c_time")
                                    .plus(
                                        make_dt_interval(
                                            lit(0), lit(attributionHours), lit(0), lit(0))))),
                "left_semi")
            .select(col("event_id").as("attributed_id"))
            .distinct();
    Column lineRevenue =
        when(purchase, coalesce(col("price"), lit(0.0)).multiply(coalesce(col("quantity"), lit(1))))
            .otherwise(lit(0.0));
    return ev.join(attributed, col("event_id").equalTo(col("attributed_id")), "left")
        .groupBy("person_id", "session")
        .agg(
            min("event_date").as("session_date"),
            max(when(purchase, lit(1)).otherwise(lit(0))).cast("double").as("converting_sessions"),
            countDistinct(when(purchase, col("order_id"))).cast("double").as("orders"),
            sum(lineRevenue).as("revenue"),
            count_if(col("event_type").equalTo(EventTypes.REC_CLICK))
                .cast("double")
                .as("rec_clicks"),
            sum(when(col("attributed_id").isNotNull(), lineRevenue).otherwise(lit(0.0)))
                .as("rec_revenue"))
        .withColumn("sessions", lit(1.0));
  }

  /**
   * Per experiment, period, arm and day {@code as_of} of the window: the number of persons and the
   * Σ and cross-product Σ of their {@link Quantity quantities} accumulated from the window's start
   * to that day. Persons are the non-mixed exposed ones; in the experiment period a person counts
   * from the first exposure (with the window's sessions before it), in the baseline only the
   * window's last day is computed, over every assigned person (zero sessions included).
   */
  public static Dataset<Row> armSums(
      Dataset<Row> sessions, Dataset<Row> assignments, Dataset<Row> windows) {
    Dataset<Row> persons =
        assignments
            .where(col("arms").equalTo(1))
            .select("experiment", "person_id", "arm", "first_exposure")
            .join(windows, "experiment")
            .withColumn(
                "from",
                when(col("period").equalTo(EXPERIMENT), col("first_exposure"))
                    .otherwise(col("end")));
    List<Column> zeros = new ArrayList<>();
    List<Column> sums = new ArrayList<>();
    for (Quantity q : Quantity.values()) {
      zeros.add(lit(0.0).as(q.column()));
      sums.add(sum(q.column()).as(q.column()));
    }
    Column[] keys = {
      col("experiment"), col("period"), col("arm"), col("person_id"), col("end"), col("day")
    };
    Dataset<Row> anchors = persons.select(concat(keys(col("from").as("day")), zeros));
    Dataset<Row> facts =
        sessions
            .join(persons, "person_id")
            .where(col("session_date").between(col("start"), col("end")))
            .select(
                concat(
                    keys(greatest(col("session_date"), col("from")).as("day")), quantityColumns()));
    Dataset<Row> daily =
        anchors
            .unionByName(facts)
            .groupBy(keys)
            .agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new));
    WindowSpec byPerson = Window.partitionBy("experiment", "period", "person_id").orderBy("day");
    WindowSpec running = byPerson.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> cumulative = daily;
    for (Quantity q : Quantity.values()) {
      cumulative = cumulative.withColumn(q.column(), sum(q.column()).over(running));
    }
    // Each running total holds from its day until the day before the person's next active day.
    Column until = coalesce(date_sub(lead("day", 1).over(byPerson), 1), col("end"));
    Dataset<Row> perDay =
        cumulative
            .withColumn("until", until)
            .withColumn("as_of", explode(sequence(col("day"), col("until"))));
    List<Column> aggs = new ArrayList<>();
    Quantity[] qs = Quantity.values();
    for (int i = 0; i < qs.length; i++) {
      aggs.add(sum(qs[i].column()).as(qs[i].sumColumn()));
      for (int j = i; j < qs.length; j++) {
        aggs.add(
            sum(col(qs[i].column()).multiply(col(qs[j].column()))).as(qs[i].crossColumn(qs[j])));
      }
    }
    return perDay
        .groupBy("experiment", "period", "arm", "as_of")
        .agg(count(lit(1)).as("persons"), aggs.toArray(Column[]::new));
  }

  private static Column[] keys(Column day) {
    return new Column[] {
      col("experiment"), col("period"), col("arm"), col("person_id"), col("end"), day
    };
  }

  private static Column[] quantityColumns() {
    List<Column> out = new ArrayList<>();
    for (Quantity q : Quantity.values()) {
      out.add(col(q.column()));
    }
    return out.toArray(Column[]::new);
  }

  private static Column[] concat(Column[] a, List<Column> b) {
    return concat(a, b.toArray(Column[]::new));
  }

  private static Column[] concat(Column[] a, Column[] b) {
    Column[] out = new Column[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Keeps the events up to {@code runDate} (the job reads no future). */
  public static Dataset<Row> upTo(Dataset<Row> events, LocalDate runDate) {
    return events.where(col("event_date").leq(lit(Date.valueOf(runDate))));
  }
}
