package org.segmentofone.itemtoitem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.PersonLists;
import org.segmentofone.evaluate.RankingMetrics;
import org.segmentofone.train.AlsParams;
import org.segmentofone.train.AlsScoring;
import org.segmentofone.train.AlsTuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hybrid's search, after ALS's on the same validation split: ALS alone (the best ALS values,
 * blend weight 0) is the first candidate; then every similarity × affinity recency × blend weight
 * with each of the best few ALS models (the ALS that blends best is not always the best alone),
 * each scored by NDCG@k on the validation persons. The best score wins; a tie goes to the earlier
 * candidate, so item-to-item is only blended in when it helps, and with the best ALS alone first.
 */
public final class HybridTuner {
  /** One candidate's outcome. */
  public record Candidate(
      int number, AlsParams als, HybridParams params, double score, double seconds) {}

  /** Every candidate in the order tried, and the chosen one. */
  public record Result(List<Candidate> candidates, Candidate chosen) {}

  private static final Logger LOG = LoggerFactory.getLogger(HybridTuner.class);

  private HybridTuner() {}

  /**
   * @param models ALS models trained on the validation split's training part, best alone first
   * @param interactions the training part's interactions ({@code person_id, product_id, confidence,
   *     last_event_time}): co-occurrence and affinities
   * @param k the cut-off of the NDCG
   */
  public static Result search(
      HybridConfig cfg,
      AlsTuner.Validation v,
      List<AlsTuner.Fitted> models,
      Dataset<Row> interactions,
      int k,
      Clock clock) {
    int n = Math.max(k, cfg.candidates());
    Dataset<Row> persons = v.persons().cache();
    Dataset<Row> heldOut = v.heldOut().cache();
    List<Dataset<Row>> als = new ArrayList<>();
    for (AlsTuner.Fitted f : models) {
      als.add(
          AlsScoring.topK(f.model(), persons, v.personIndex(), v.productIndex(), v.exclude(), n)
              .select("person_id", "product_id", "score")
              .persist(StorageLevel.MEMORY_AND_DISK()));
    }
    Dataset<Row> co =
        ItemToItem.coOccurrence(
                ItemToItem.histories(interactions, cfg.historyCap()), cfg.minCoOccurrence())
            .persist(StorageLevel.MEMORY_AND_DISK());
    List<Candidate> out = new ArrayList<>();
    try {
      Instant started = clock.instant();
      HybridParams alone = new HybridParams(cfg.configured().similarity(), 0, 0);
      out.add(
          candidate(
              out.size(),
              models.get(0).candidate().params(),
              alone,
              RankingMetrics.ndcg(PersonLists.top(als.get(0), k), heldOut, k),
              started,
              clock));
      for (Similarity s : cfg.similarities()) {
        Dataset<Row> neighbours =
            ItemToItem.neighbours(co, s, cfg.neighbours(), cfg.fanOut())
                .persist(StorageLevel.MEMORY_AND_DISK());
        for (double recency : cfg.recencyHalfLives()) {
          Dataset<Row> items =
              ItemToItem.topK(
                      ItemToItem.affinity(interactions, recency),
                      neighbours,
                      persons,
                      v.exclude(),
                      n)
                  .select("person_id", "product_id", "score")
                  .persist(StorageLevel.MEMORY_AND_DISK());
          for (int m = 0; m < models.size(); m++) {
            for (double w : cfg.blendWeights()) {
              if (w == 0 || (w == 1 && m > 0)) {
                continue; // ALS alone scored first; item-to-item alone once
              }
              started = clock.instant();
              Dataset<Row> lists = PersonLists.top(Hybrid.blend(als.get(m), items, w), k);
              out.add(
                  candidate(
                      out.size(),
                      models.get(m).candidate().params(),
                      new HybridParams(s, recency, w),
                      RankingMetrics.ndcg(lists, heldOut, k),
                      started,
                      clock));
            }
          }
          items.unpersist();
        }
        neighbours.unpersist();
      }
    } finally {
      persons.unpersist();
      heldOut.unpersist();
      als.forEach(Dataset::unpersist);
      co.unpersist();
    }
    return new Result(List.copyOf(out), best(out));
  }

  private static Candidate candidate(
      int number, AlsParams als, HybridParams p, double score, Instant started, Clock clock) {
    Candidate c =
        new Candidate(
            number, als, p, score, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    LOG.info(
        "hybrid candidate {} ({}; ALS {}): NDCG {} in {} s",
        number,
        p,
        als,
        "%.4f".formatted(score),
        c.seconds());
    return c;
  }

  /** The highest score; a tie goes to the earlier candidate (ALS alone comes first). */
  public static Candidate best(List<Candidate> candidates) {
    return AlsTuner.highest(candidates, Candidate::score);
  }
}
