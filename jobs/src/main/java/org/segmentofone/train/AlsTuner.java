package org.segmentofone.train;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.evaluate.RankingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hyper-parameter search: every candidate is trained on the data before a validation window and
 * scored by NDCG@K on what the validation persons carted or bought inside it; the best score wins
 * (ties go to the earlier candidate, so the configured values win a tie).
 */
public final class AlsTuner {
  /** One candidate's outcome. */
  public record Candidate(
      int number, AlsParams params, double score, long persons, double seconds) {}

  /** A candidate and its model, trained on the validation split's training part. */
  public record Fitted(Candidate candidate, ALSModel model) {}

  /**
   * Every candidate in the order tried, the chosen one, and the models of the best few, best first
   * (the hybrid's search blends their lists: the best ALS alone need not be the best to blend).
   */
  public record Result(List<Candidate> candidates, Candidate chosen, List<Fitted> best) {}

  /**
   * What the candidates are judged on.
   *
   * @param indexed {@code user, item, confidence} before the validation window
   * @param persons {@code person_id} to score (the ones a personalised list would serve)
   * @param heldOut {@code person_id, product_id} carted or bought in the window by those persons
   * @param exclude {@code person_id, product_id} left out of each list
   */
  public record Validation(
      Dataset<Row> indexed,
      Dataset<Row> persons,
      Dataset<Row> heldOut,
      Dataset<Row> exclude,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex) {}

  private static final Logger LOG = LoggerFactory.getLogger(AlsTuner.class);

  private AlsTuner() {}

  /**
   * The configured values first, then {@code trials} distinct others drawn from the grid with the
   * tuning seed (the same config always tries the same candidates).
   */
  public static List<AlsParams> candidates(TrainConfig cfg) {
    TrainConfig.Tuning t = cfg.tuning();
    List<AlsParams> grid = new ArrayList<>();
    for (int rank : t.ranks()) {
      for (double reg : t.regParams()) {
        for (double alpha : t.alphas()) {
          for (boolean log : t.logScale()) {
            grid.add(new AlsParams(rank, reg, alpha, log));
          }
        }
      }
    }
    Collections.shuffle(grid, new Random(t.seed()));
    List<AlsParams> out = new ArrayList<>();
    out.add(cfg.params());
    for (AlsParams p : grid) {
      if (out.size() > t.trials()) {
        break;
      }
      if (!out.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The highest score; a tie goes to the earlier candidate (the configured values come first). */
  static Candidate best(List<Candidate> candidates) {
    return highest(candidates, Candidate::score);
  }

  /** The element with the highest score; a tie goes to the earlier one. */
  public static <T> T highest(List<T> candidates, ToDoubleFunction<T> score) {
    T best = null;
    for (T c : candidates) {
      if (best == null || score.applyAsDouble(c) > score.applyAsDouble(best)) {
        best = c;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no candidates to choose from");
    }
    return best;
  }

  /**
   * Inserts {@code f} into {@code best} (highest score first; a tie stays behind the earlier
   * candidate) and drops what falls beyond {@code keep}.
   */
  static void keepBest(List<Fitted> best, Fitted f, int keep) {
    int at = 0;
    while (at < best.size() && best.get(at).candidate().score() >= f.candidate().score()) {
      at++;
    }
    best.add(at, f);
    while (best.size() > keep) {
      best.remove(best.size() - 1);
    }
  }

  /**
   * Trains and scores each candidate, keeping the models of the {@code keep} best; the data to
   * score on is cached once for all of them.
   */
  public static Result search(
      TrainConfig cfg, List<AlsParams> candidates, Validation v, int keep, Clock clock) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep at least one model, not " + keep);
    }
    Dataset<Row> indexed = v.indexed().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> persons = v.persons().cache();
    Dataset<Row> heldOut = v.heldOut().cache();
    try {
      List<Candidate> out = new ArrayList<>();
      List<Fitted> best = new ArrayList<>();
      int k = cfg.tuning().k();
      long scored = persons.count();
      for (AlsParams p : candidates) {
        Instant started = clock.instant();
        TrainConfig c = cfg.with(p).withMaxIter(cfg.tuning().maxIter());
        Dataset<Row> ratings = TrainTransforms.ratings(indexed, c);
        ALSModel model = TrainTransforms.als(c).fit(ratings);
        Dataset<Row> lists =
            AlsScoring.topK(model, persons, v.personIndex(), v.productIndex(), v.exclude(), k);
        double score = RankingMetrics.ndcg(lists, heldOut, k);
        Candidate cand =
            new Candidate(
                out.size(),
                p,
                score,
                scored,
                Duration.between(started, clock.instant()).toMillis() / 1000.0);
        out.add(cand);
        keepBest(best, new Fitted(cand, model), keep);
        LOG.info(
            "candidate {} of {} ({}): NDCG@{} {} in {} s",
            cand.number(),
            candidates.size(),
            p,
            k,
            "%.4f".formatted(score),
            cand.seconds());
      }
      return new Result(List.copyOf(out), best(out), List.copyOf(best));
    } finally {
      indexed.unpersist();
      persons.unpersist();
      heldOut.unpersist();
    }
  }
}
