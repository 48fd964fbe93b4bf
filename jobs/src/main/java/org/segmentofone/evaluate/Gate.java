package org.segmentofone.evaluate;

import java.util.Optional;

/**
 * Whether a new model may be published: its primary metric on the holdout must beat popularity's,
 * and must not fall more than {@code maxRegression} (relative) below what the last published model
 * scores on the same held-out days.
 */
public final class Gate {
  /**
   * The last published model's score on the primary metric, on the same test persons (NaN: it could
   * not be scored).
   */
  public record Previous(String version, double value) {}

  /** The decision and the sentence that explains it. */
  public record Verdict(boolean approved, String reason) {}

  private Gate() {}

  public static Verdict judge(
      String metric,
      double model,
      double popularity,
      Optional<Previous> previous,
      double maxRegression,
      long testPersons,
      int minTestPersons) {
    if (testPersons < minTestPersons) {
      return new Verdict(
          false,
          "only %d persons carted or bought in the held-out days (evaluate.min-test-persons = %d): too few to judge the model"
              .formatted(testPersons, minTestPersons));
    }
    if (!(model > popularity)) {
      return new Verdict(
          false,
          "the model's %s %.4f does not beat popularity's %.4f"
              .formatted(metric, model, popularity));
    }
    String beats =
        "the model's %s %.4f beats popularity's %.4f (%+.1f%%)"
            .formatted(metric, model, popularity, lift(model, popularity));
    if (previous.isPresent() && Double.isNaN(previous.get().value())) {
      return new Verdict(
          true,
          "%s; the last published model %s could not be scored, so regression was not checked"
              .formatted(beats, previous.get().version()));
    }
    if (previous.isPresent()) {
      Previous p = previous.get();
      double floor = p.value() * (1 - maxRegression);
      if (model < floor) {
        return new Verdict(
            false,
            "%s but falls %.1f%% below the last published model %s (%.4f; evaluate.max-regression allows %.1f%%)"
                .formatted(
                    beats, -lift(model, p.value()), p.version(), p.value(), 100 * maxRegression));
      }
      return new Verdict(
          true,
          "%s and is within %.1f%% of the last published model %s (%.4f)"
              .formatted(beats, 100 * maxRegression, p.version(), p.value()));
    }
    return new Verdict(true, beats + "; no model was published before");
  }

  private static double lift(double value, double base) {
    return base == 0 ? Double.POSITIVE_INFINITY : 100 * (value - base) / base;
  }
}
