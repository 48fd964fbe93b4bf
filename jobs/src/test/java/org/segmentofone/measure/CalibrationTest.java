package org.segmentofone.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The statistics on many simulated experiments (pure Java, seeded): persons with very different
 * propensities and several sessions each, so sessions of one person are strongly correlated. An A/A
 * test must come out significant about 5% of the time, and the 95% interval of a planted lift must
 * cover it about 95% of the time; a session-level (naive) variance must fail the first.
 */
class CalibrationTest {
  private static final int RUNS = 1000;
  private static final int PERSONS_PER_ARM = 1000;
  private static final double ALPHA = 0.05;

  /** Control and treatment conversion sums (x = sessions, y = converting sessions). */
  private record Experiment(Moments control, Moments treatment) {}

  private static Experiment simulate(long seed, double plantedLift) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return new Experiment(
        arm(rnd, PERSONS_PER_ARM, 1.0), arm(rnd, PERSONS_PER_ARM, 1.0 + plantedLift));
  }

  /**
   * Each person converts a session with a propensity drawn from a wide two-group mix (mean 0.12)
   * times the arm's factor; sessions per person are 1 + geometric with mean 5.
   */
  private static Moments arm(SplittableRandom rnd, int persons, double factor) {
    Moments m = Moments.empty();
    for (int i = 0; i < persons; i++) {
      double p = (rnd.nextDouble() < 0.2 ? 0.40 : 0.05) * factor;
      int sessions = 1;
      while (rnd.nextDouble() < 0.8) {
        sessions++;
      }
      int converting = 0;
      for (int s = 0; s < sessions; s++) {
        if (rnd.nextDouble() < p) {
          converting++;
        }
      }
      m = m.plus(sessions, converting);
    }
    return m;
  }

  @Test
  void anAaTestIsSignificantAboutFivePercentOfTheTime() {
    int significant = 0;
    for (int run = 0; run < RUNS; run++) {
      Experiment e = simulate(run, 0.0);
      if (Lift.of(Ratio.of(e.treatment()), Ratio.of(e.control()), ALPHA).significant(ALPHA)) {
        significant++;
      }
    }
    // 1000 runs: the rate's standard error is 0.7 points; 3% and 7% are ~3 of them away.
    assertThat(significant / (double) RUNS).isBetween(0.03, 0.07);
  }

  @Test
  void theIntervalCoversAPlantedLiftAboutNinetyFivePercentOfTheTime() {
    int covered = 0;
    int significant = 0;
    for (int run = 0; run < RUNS; run++) {
      Experiment e = simulate(10_000 + run, 0.20);
      Lift l = Lift.of(Ratio.of(e.treatment()), Ratio.of(e.control()), ALPHA);
      if (l.low() <= 0.20 && 0.20 <= l.high()) {
        covered++;
      }
      if (l.significant(ALPHA)) {
        significant++;
      }
    }
    assertThat(covered / (double) RUNS).isBetween(0.93, 0.97);
    // The lift is large enough to be found most of the time (it is not a coin flip).
    assertThat(significant / (double) RUNS).isGreaterThan(0.5);
  }

  @Test
  void treatingSessionsAsIndependentWouldCryWolfFarMoreOften() {
    int naive = 0;
    for (int run = 0; run < RUNS; run++) {
      Experiment e = simulate(run, 0.0);
      Ratio t = sessionLevel(e.treatment());
      Ratio c = sessionLevel(e.control());
      if (Lift.of(t, c, ALPHA).significant(ALPHA)) {
        naive++;
      }
    }
    assertThat(naive / (double) RUNS).isGreaterThan(0.10);
  }

  /** The binomial variance p(1 − p) / sessions: what ignoring the person would give. */
  private static Ratio sessionLevel(Moments m) {
    double p = m.sy() / m.sx();
    return new Ratio(m.n(), p, p * (1 - p) / m.sx());
  }
}
