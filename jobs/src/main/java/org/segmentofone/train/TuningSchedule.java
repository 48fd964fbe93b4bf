package org.segmentofone.train;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Similarity;

/**
 * How often train searches its hyper-parameters: at most every {@code train.tuning.every-days}
 * days. In between, the values the last search chose are trained again on the night's data (the
 * search is most of train's time, and the best values drift slowly). A search whose model the gate
 * refused is not reused, so the night after a refusal searches again.
 */
public record TuningSchedule(int everyDays) {

  /** A search that ran: its run date and the ALS and hybrid values it chose. */
  public record Searched(LocalDate on, AlsParams als, HybridParams hybrid) {

    /**
     * The values a searched {@code model_runs} row trained with; empty when the row predates the
     * hybrid columns (a search is due then).
     */
    static Optional<Searched> of(Row run) {
      String similarity = run.getAs("similarity");
      if (similarity == null || run.getAs("blend_weight") == null) {
        return Optional.empty();
      }
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
                  run.<Double>getAs("blend_weight"))));
    }
  }

  /**
   * The values to train on {@code runDate} without a search, or empty when one is due: there was
   * none before, or it is {@code everyDays} or more days old.
   */
  public Optional<Searched> reuse(Optional<Searched> last, LocalDate runDate) {
    return last.filter(
        s -> s.on().isBefore(runDate) && ChronoUnit.DAYS.between(s.on(), runDate) < everyDays);
  }
}
