package org.segmentofone.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlsTunerTest {
  private static TrainConfig config(int trials, long seed) {
    return new TrainConfig(
        32,
        0.05,
        10.0,
        12,
        42,
        2,
        5,
        true,
        1.0,
        new TrainConfig.Tuning(
            trials,
            List.of(16, 32),
            List.of(0.01, 0.05),
            List.of(1.0, 10.0),
            List.of(true, false),
            6,
            7,
            10,
            seed,
            1));
  }

  @Test
  void theConfiguredValuesComeFirstThenDistinctDrawsFromTheGrid() {
    List<AlsParams> c = AlsTuner.candidates(config(5, 3));
    assertThat(c).hasSize(6);
    assertThat(c.get(0)).isEqualTo(new AlsParams(32, 0.05, 10.0, true));
    assertThat(new HashSet<>(c)).hasSize(6);
    for (AlsParams p : c.subList(1, c.size())) {
      assertThat(p.rank()).isIn(16, 32);
      assertThat(p.regParam()).isIn(0.01, 0.05);
      assertThat(p.alpha()).isIn(1.0, 10.0);
    }
  }

  @Test
  void theSameSeedTriesTheSameCandidatesAndAnotherSeedOthers() {
    assertThat(AlsTuner.candidates(config(4, 3))).isEqualTo(AlsTuner.candidates(config(4, 3)));
    assertThat(AlsTuner.candidates(config(4, 3))).isNotEqualTo(AlsTuner.candidates(config(4, 9)));
  }

  @Test
  void moreTrialsThanTheGridHoldsTriesTheWholeGridOnce() {
    List<AlsParams> c = AlsTuner.candidates(config(100, 3));
    // 16 grid points; the configured values are one of them.
    assertThat(c).hasSize(16);
    assertThat(new HashSet<>(c)).hasSize(16);
  }

  @Test
  void noTrialsMeansOnlyTheConfiguredValues() {
    assertThat(AlsTuner.candidates(config(0, 3)))
        .containsExactly(new AlsParams(32, 0.05, 10.0, true));
  }

  @Test
  void theBestScoreWinsAndATieGoesToTheEarlierCandidate() {
    AlsParams a = new AlsParams(16, 0.1, 1.0, true);
    AlsParams b = new AlsParams(32, 0.1, 1.0, true);
    AlsParams c = new AlsParams(64, 0.1, 1.0, true);
    List<AlsTuner.Candidate> tried =
        List.of(
            new AlsTuner.Candidate(0, a, 0.20, 100, 1.0),
            new AlsTuner.Candidate(1, b, 0.25, 100, 1.0),
            new AlsTuner.Candidate(2, c, 0.25, 100, 1.0));
    assertThat(AlsTuner.best(tried).params()).isEqualTo(b);
    assertThat(AlsTuner.best(tried.subList(0, 1)).params()).isEqualTo(a);
  }

  @Test
  void theModelsOfTheBestFewAreKeptBestFirstWithTiesBehindTheEarlierOne() {
    List<AlsTuner.Fitted> best = new java.util.ArrayList<>();
    double[] scores = {0.20, 0.25, 0.10, 0.25, 0.30};
    for (int i = 0; i < scores.length; i++) {
      AlsTuner.keepBest(
          best,
          new AlsTuner.Fitted(
              new AlsTuner.Candidate(i, new AlsParams(16 + i, 0.1, 1.0, true), scores[i], 10, 1),
              null),
          3);
    }
    assertThat(best).extracting(f -> f.candidate().number()).containsExactly(4, 1, 3);
  }

  @Test
  void theAlsValuesUsedAreTheOnesTheWinningBlendWasTrainedWith() {
    AlsParams a = new AlsParams(16, 0.1, 1.0, true);
    AlsParams b = new AlsParams(32, 0.1, 1.0, false);
    List<AlsTuner.Candidate> als =
        List.of(
            new AlsTuner.Candidate(0, a, 0.30, 100, 1), new AlsTuner.Candidate(1, b, 0.28, 100, 1));
    org.segmentofone.itemtoitem.HybridParams alone =
        new org.segmentofone.itemtoitem.HybridParams(
            new org.segmentofone.itemtoitem.Similarity("cosine", 0.5), 0, 0);
    org.segmentofone.itemtoitem.HybridParams blend =
        new org.segmentofone.itemtoitem.HybridParams(
            new org.segmentofone.itemtoitem.Similarity("jaccard", 0.5), 0, 0.3);
    List<org.segmentofone.itemtoitem.HybridTuner.Candidate> blends =
        List.of(
            new org.segmentofone.itemtoitem.HybridTuner.Candidate(0, a, alone, 0.30, 1),
            new org.segmentofone.itemtoitem.HybridTuner.Candidate(1, a, blend, 0.31, 1),
            new org.segmentofone.itemtoitem.HybridTuner.Candidate(2, b, blend, 0.32, 1));
    HyperparameterSearch.Outcome outcome =
        new HyperparameterSearch.Outcome(
            new AlsTuner.Result(als, als.get(0), List.of()),
            new org.segmentofone.itemtoitem.HybridTuner.Result(
                blends, org.segmentofone.itemtoitem.HybridTuner.best(blends)));
    assertThat(outcome.alsChosen()).isSameAs(als.get(1));
    HyperparameterSearch.Outcome aloneWins =
        new HyperparameterSearch.Outcome(
            new AlsTuner.Result(als, als.get(0), List.of()),
            new org.segmentofone.itemtoitem.HybridTuner.Result(
                blends.subList(0, 1), blends.get(0)));
    assertThat(aloneWins.alsChosen()).isSameAs(als.get(0));
  }
}
