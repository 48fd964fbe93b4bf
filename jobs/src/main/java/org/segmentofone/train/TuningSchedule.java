package org.segmentofone.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.evaluate.EvaluateConfig;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Similarity;

/**
 * How often train searches its hyper-parameters: at most every {@code train.tuning.every-days}
 * days. In between, the values the last search chose are trained again on the night's data (the
 * search is most of train's time, and the best values drift slowly). A search is reused only when
 * it searched the same space (the settings that decide its outcome, as {@link #space}); a search
 * whose model the gate refused is not reused, so the night after a refusal searches again. A rerun
 * of a date that searched reuses that date's search (a retried task does not pay for it twice);
 * {@code every-days = 0} searches on every run.
 */
public record TuningSchedule(int everyDays) {

  /**
   * A search that ran: its run date, the ALS and hybrid values it chose, the space it searched, and
   * what it recorded (candidates and the chosen values' validation scores).
   */
  public record Searched(
      LocalDate on,
      AlsParams als,
      HybridParams hybrid,
      String space,
      int candidates,
      Double validationNdcg,
      Double hybridValidationNdcg) {

    /**
     * The values a searched {@code model_runs} row trained with; empty when the row predates the
     * hybrid columns (a search is due then).
     */
    static Optional<Searched> of(Row run) {
      String similarity = run.getAs("similarity");
      if (similarity == null || run.getAs("blend_weight") == null) {
        return Optional.empty();
      }
      Integer candidates = run.getAs("tuning_candidates");
      return Optional.of(
          new Searched(
              ((java.sql.Date) run.getAs("run_date")).toLocalDate(),
              new AlsParams(
                  run.<Integer>getAs("rank"),
                  run.<Double>getAs("reg_param"),
                  run.<Double>getAs("alpha"),
                  run.<Boolean>getAs("log_scale")),
              new HybridParams(
                  Similarity.parse("model_runs.similarity", similarity),
                  run.<Double>getAs("recency_half_life_days"),
                  run.<Double>getAs("blend_weight")),
              run.getAs("search_space"),
              candidates == null ? 0 : candidates,
              run.getAs("validation_ndcg"),
              run.getAs("hybrid_validation_ndcg")));
    }

    /** True when this search ran on the run date itself (an earlier run of the same date). */
    public boolean ranOn(LocalDate runDate) {
      return on.equals(runDate);
    }
  }

  /**
   * The search to train {@code runDate} with instead of searching, or empty when one is due: there
   * was none, it searched another space, it is {@code everyDays} or more days old, or {@code
   * everyDays} is 0. A search of the run date itself is reused (a rerun of the date).
   */
  public Optional<Searched> reuse(Optional<Searched> last, LocalDate runDate, String space) {
    return last.filter(
        s ->
            space.equals(s.space())
                && !s.on().isAfter(runDate)
                && ChronoUnit.DAYS.between(s.on(), runDate) < everyDays);
  }

  /**
   * A fingerprint of every setting that decides a search's outcome: the configured ALS values (a
   * candidate), the grid and how candidates train and are scored, the hybrid's search, the
   * confidence weights, the validation sample and the minimum history. Two runs with the same
   * fingerprint on the same data choose the same values. Left out: {@code every-days} (how often to
   * search is no reason to search), and what only the final models use ({@code max-iter}, {@code
   * num-blocks}, which a cluster resolves from its size, {@code checkpoint-interval}).
   */
  public static String space(
      TrainConfig train,
      HybridConfig hybrid,
      ConsumeConfig consume,
      EvaluateConfig evaluate,
      int minEvents) {
    TrainConfig.Tuning t = train.tuning();
    String text =
        String.join(
            "\n",
            // Concatenation, not String.format: the text must not depend on the JVM's locale.
            "als rank="
                + train.rank()
                + " regParam="
                + train.regParam()
                + " alpha="
                + train.alpha()
                + " logScale="
                + train.logScale()
                + " seed="
                + train.seed()
                + " logEpsilon="
                + train.logEpsilon(),
            "grid trials="
                + t.trials()
                + " ranks="
                + t.ranks()
                + " regParams="
                + t.regParams()
                + " alphas="
                + t.alphas()
                + " logScale="
                + t.logScale()
                + " maxIter="
                + t.maxIter()
                + " validationDays="
                + t.validationDays()
                + " k="
                + t.k()
                + " seed="
                + t.seed(),
            "hybrid " + hybrid,
            "weights " + new TreeMap<>(consume.weights()),
            "consume halfLife="
                + consume.halfLifeDays()
                + " dailyCap="
                + consume.dailyCap()
                + " personDailyCap="
                + consume.personDailyCap()
                + " windowDays="
                + consume.windowDays(),
            "sample holdoutDays="
                + evaluate.holdoutDays()
                + " excludeBought="
                + evaluate.excludeBought()
                + " minTestPersons="
                + evaluate.minTestPersons()
                + " maxTestPersons="
                + evaluate.maxTestPersons()
                + " sampleSeed="
                + evaluate.sampleSeed(),
            "minEvents=" + minEvents);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
