package org.segmentofone.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {
  private static Gate.Verdict judge(double model, double pop, Gate.Previous previous) {
    return Gate.judge("ndcg@10", model, pop, Optional.ofNullable(previous), 0.1, 500, 20);
  }

  @Test
  void aModelThatBeatsPopularityIsApprovedOnTheFirstNight() {
    Gate.Verdict v = judge(0.25, 0.05, null);
    assertThat(v.approved()).isTrue();
    assertThat(v.reason()).contains("0.2500", "0.0500", "+400.0%", "no model was published before");
  }

  @Test
  void aModelThatDoesNotBeatPopularityIsRefusedNamingBothValues() {
    Gate.Verdict v = judge(0.04, 0.05, null);
    assertThat(v.approved()).isFalse();
    assertThat(v.reason()).contains("does not beat popularity", "0.0400", "0.0500");
    assertThat(judge(0.05, 0.05, null).approved()).as("a tie does not beat").isFalse();
  }

  @Test
  void aRegressionBeyondTheToleranceAgainstTheLastPublishedModelIsRefused() {
    Gate.Verdict v = judge(0.20, 0.05, new Gate.Previous("2026-11-21", 0.25));
    assertThat(v.approved()).isFalse();
    assertThat(v.reason()).contains("20.0% below", "2026-11-21", "0.2500", "allows 10.0%");
  }

  @Test
  void aSmallDipWithinTheToleranceIsApproved() {
    Gate.Verdict v = judge(0.23, 0.05, new Gate.Previous("2026-11-21", 0.25));
    assertThat(v.approved()).isTrue();
    assertThat(v.reason()).contains("within 10.0%", "2026-11-21");
    assertThat(judge(0.225, 0.05, new Gate.Previous("d", 0.25)).approved())
        .as("exactly at the floor")
        .isTrue();
  }

  @Test
  void tooFewTestPersonsToJudgeIsARefusal() {
    Gate.Verdict v = Gate.judge("ndcg@10", 0.3, 0.05, Optional.empty(), 0.1, 12, 20);
    assertThat(v.approved()).isFalse();
    assertThat(v.reason()).contains("only 12 persons", "evaluate.min-test-persons = 20");
  }

  @Test
  void aLastPublishedModelThatCannotBeScoredIsSaidNotSilentlySkipped() {
    Gate.Verdict v = judge(0.25, 0.05, new Gate.Previous("2026-11-21", Double.NaN));
    assertThat(v.approved()).isTrue();
    assertThat(v.reason()).contains("2026-11-21 could not be scored", "regression was not checked");
  }
}
