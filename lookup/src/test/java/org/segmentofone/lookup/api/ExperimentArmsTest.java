package org.segmentofone.lookup.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExperimentArmsTest {
  @Test
  void theHoldoutShareOfPersonsFallsInControl() {
    ExperimentArms arms = new ExperimentArms(new ApiConfig.Experiment("e", "salt-1", 0.3));
    int control = 0;
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      if (arms.arm("p-" + i).equals(ExperimentArms.CONTROL)) {
        control++;
      }
    }
    // Binomial(50k, 0.3): standard deviation ~0.002.
    assertThat(control / (double) n).isBetween(0.29, 0.31);
  }

  @Test
  void aPersonKeepsItsArmAndANewSaltReshuffles() {
    ExperimentArms a = new ExperimentArms(new ApiConfig.Experiment("e", "salt-1", 0.5));
    ExperimentArms again = new ExperimentArms(new ApiConfig.Experiment("e", "salt-1", 0.5));
    ExperimentArms other = new ExperimentArms(new ApiConfig.Experiment("e", "salt-2", 0.5));
    int moved = 0;
    for (int i = 0; i < 1000; i++) {
      String p = "p-" + i;
      assertThat(again.arm(p)).isEqualTo(a.arm(p));
      assertThat(a.position(p)).isBetween(0.0, 1.0);
      if (!other.arm(p).equals(a.arm(p))) {
        moved++;
      }
    }
    assertThat(moved).isBetween(400, 600);
  }

  @Test
  void noHoldoutPutsEveryoneInTreatmentAndAFullOneInControl() {
    ExperimentArms none = new ExperimentArms(new ApiConfig.Experiment("e", "s", 0));
    ExperimentArms all = new ExperimentArms(new ApiConfig.Experiment("e", "s", 1));
    for (int i = 0; i < 1000; i++) {
      assertThat(none.arm("p-" + i)).isEqualTo(ExperimentArms.TREATMENT);
      assertThat(all.arm("p-" + i)).isEqualTo(ExperimentArms.CONTROL);
    }
  }
}
