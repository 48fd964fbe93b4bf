package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.initcap;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Persons with latent tastes and identifiers, and their sessions with every funnel decision. */
final class ShopperSimulation {
  private final GenerateConfig cfg;
  private final SeededRandom rnd;
  private final StoreLayout layout;
  private static final int TASTE_POOL = 6;
  private static final double VIEWS_MEAN = 2.5;
  private static final int MAX_VIEWS = 12;
  private static final int MAX_SESSIONS = 250;
  static final double IMPRESSION_RATE = 0.6;
  private final long startEpochSecond;

  ShopperSimulation(GenerateConfig cfg, StoreLayout layout) {
    this.cfg = cfg;
    this.rnd = new SeededRandom(cfg.seed());
    this.layout = layout;
    this.startEpochSecond =
        cfg.endDate()
            .minusDays(cfg.days() - 1L)
            .atStartOfDay(java.time.ZoneOffset.UTC)
            .toEpochSecond();
  }

  /** Persons with latent tastes and identifiers; {@code meanSessions} sets the activity. */
  Dataset<Row> persons(SparkSession spark, long count, double meanSessions) {
    Column p = col("person");
    Column segment = rnd.below(lit(cfg.segments()), "segment", p);
    Column[] taste = new Column[3];
    for (int j = 0; j < 3; j++) {
      Column fromSegment =
          pmod(
                  rnd.hash("segleaf", segment, rnd.below(lit(TASTE_POOL), "pick" + j, p)),
                  lit(layout.leaves().size()))
              .cast("int");
      taste[j] =
          when(
                  rnd.uniform("explore" + j, p).lt(0.1),
                  rnd.below(lit(layout.leaves().size()), "any" + j, p))
              .otherwise(fromSegment);
    }
    // 1 + floor(Exp(mu)) has mean 1 + 1/(e^(1/mu) - 1); solve for mu to hit meanSessions.
    double extra = Math.max(meanSessions - 1.0, 1e-6);
    double mu = 1.0 / Math.log(1.0 + 1.0 / extra);
    Column sessions =
        least(lit(MAX_SESSIONS), floor(rnd.exponential(mu, "sessions", p)).cast("int").plus(1));
    Column firstDay = rnd.below(lit(Math.max(1, (int) (cfg.days() * 0.8))), "first", p);
    Column registered = rnd.uniform("registered", p).lt(cfg.registeredShare());
    Column regDay =
        when(rnd.uniform("regday", p).lt(0.5), lit(0))
            .otherwise(firstDay.plus(rnd.below(lit(cfg.days()).minus(firstDay), "regday2", p)));
    Column emailLocal = concat(lit("shopper"), p.cast("string"), lit("@example.com"));
    Column email =
        when(rnd.uniform("emailcase", p).lt(0.2), concat(lit(" "), initcap(emailLocal), lit(" ")))
            .otherwise(emailLocal);
    return spark
        .range(0, count, 1, StoreLayout.partitions(count, 1_000))
        .withColumnRenamed("id", "person")
        .select(
            p,
            concat(lit("P"), p.cast("string")).as("person_key"),
            segment.as("segment"),
            array(taste).as("taste"),
            sessions.as("sessions"),
            firstDay.as("first_day"),
            lit(1).plus(rnd.below(lit(cfg.maxDevicesPerPerson()), "devices", p)).as("devices"),
            registered.as("registered"),
            regDay.as("reg_day"),
            format_string("cust-%06d", p.plus(100_000)).as("user_id"),
            email.as("email_raw"),
            rnd.uniform("consent", p).geq(cfg.consentWithdrawnShare()).as("consent"),
            when(
                    rnd.uniform("arm:" + cfg.experiment().salt(), p)
                        .lt(cfg.experiment().treatmentShare()),
                    lit("treatment"))
                .otherwise(lit("control"))
                .as("arm"),
            when(
                    rnd.uniform("arm:" + cfg.nullExperimentSalt(), p)
                        .lt(cfg.experiment().treatmentShare()),
                    lit("treatment"))
                .otherwise(lit("control"))
                .as("aa_arm"));
  }

  // ---------------------------------------------------------------- sessions

  /** One row per session with its device, login state, intent and funnel decisions. */
  Dataset<Row> sessions(Dataset<Row> persons) {
    Column p = col("person");
    Column s = col("s");
    Column day =
        col("first_day").plus(rnd.below(lit(cfg.days()).minus(col("first_day")), "day", p, s));
    Column kiosk =
        col("registered")
            .and(lit(cfg.kiosks() > 0))
            .and(rnd.uniform("kiosk", p, s).lt(cfg.kioskSessionShare()));
    Column device = rnd.below(col("devices"), "device", p, s);
    Column anon =
        when(
                kiosk,
                concat(
                    lit("kiosk-"),
                    pmod(rnd.hash("kioskid", p, s), lit(Math.max(1, cfg.kiosks()))).cast("string")))
            .otherwise(concat(lit("anon-"), lower(hex(rnd.hash("anon", p, device)))));
    Column deviceType =
        when(kiosk, lit("kiosk"))
            .otherwise(
                element_at(
                    array(lit("mobile"), lit("desktop"), lit("tablet")),
                    pmod(device, lit(3)).plus(1)));
    Column loggedIn =
        kiosk.or(
            col("registered")
                .and(day.geq(col("reg_day")))
                .and(rnd.uniform("login", p, s).lt(cfg.loginRate())));
    Column u = rnd.uniform("intent", p, s);
    Column intent =
        when(
                rnd.uniform("wander", p, s).lt(0.1),
                rnd.below(lit(layout.leaves().size()), "wanderleaf", p, s))
            .when(u.lt(0.6), element_at(col("taste"), 1))
            .when(u.lt(0.9), element_at(col("taste"), 2))
            .otherwise(element_at(col("taste"), 3));
    // Before launch nobody sees recommendations and the treatment arm behaves as control.
    Column launched = day.geq(cfg.experiment().launchDay());
    Column treatment = col("arm").equalTo("treatment").and(launched);
    Column impression = launched.and(rnd.uniform("impression", p, s).lt(IMPRESSION_RATE));
    Column ctr =
        when(treatment, lit(cfg.experiment().treatmentCtr()))
            .otherwise(cfg.experiment().controlCtr());
    Column conversion =
        when(treatment, lit(cfg.conversionRate() * (1 + cfg.experiment().treatmentUplift())))
            .otherwise(lit(cfg.conversionRate()));
    Column sessionKey = lower(hex(rnd.hash("session", p, s)));
    return persons
        .withColumn("s", explode(sequence(lit(0), col("sessions").minus(1))))
        .select(
            col("*"),
            day.as("day"),
            kiosk.as("kiosk"),
            anon.as("anonymous_id"),
            deviceType.as("device_type"),
            loggedIn.as("logged_in"),
            intent.as("intent"),
            least(
                    lit(MAX_VIEWS),
                    floor(rnd.exponential(VIEWS_MEAN, "views", p, s)).cast("int").plus(1))
                .as("n_views"),
            rnd.uniform("search", p, s).lt(0.3).as("searched"),
            impression.as("impression"),
            impression.and(rnd.uniform("click", p, s).lt(ctr)).as("clicked"),
            rnd.uniform("convert", p, s).lt(conversion).as("converts"),
            rnd.uniform("staple", p, s).lt(0.5).as("staple_visit"),
            rnd.uniform("capture", p, s).lt(cfg.emailCaptureRate()).as("captures_email"),
            rnd.uniform("signup", p, s).lt(cfg.postPurchaseSignupRate()).as("signs_up"),
            rnd.uniform("idemail", p, s).lt(0.5).as("login_with_email"),
            lit(startEpochSecond)
                .plus(day.cast("long").multiply(86_400L))
                .plus(lit(7 * 3600L))
                .plus(rnd.below(lit(16 * 3600), "start", p, s))
                .as("start_s"),
            concat(lit("s-"), sessionKey).as("session_id"),
            concat(lit("o-"), sessionKey).as("order_id"),
            concat(lit("r-"), sessionKey).as("rec_id"),
            launched.as("launched"));
  }
}
