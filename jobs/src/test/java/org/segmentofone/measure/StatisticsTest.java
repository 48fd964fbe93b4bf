package org.segmentofone.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Every statistic on cases computed by hand (the arithmetic is in the comments). */
class StatisticsTest {
  private static final double ALPHA = 0.05;

  @Test
  void normalCdfAndQuantileMatchTheTables() {
    assertThat(Normal.cdf(1.96)).isCloseTo(0.9750021, within(1e-7));
    assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
    assertThat(Normal.cdf(-1)).isCloseTo(0.1586553, within(1e-7));
    assertThat(Normal.quantile(0.975)).isCloseTo(1.9599640, within(1e-6));
    assertThat(Normal.quantile(0.8)).isCloseTo(0.8416212, within(1e-6));
    assertThat(Normal.quantile(0.001)).isCloseTo(-3.0902323, within(1e-6));
    assertThat(Normal.twoSidedP(1.96)).isCloseTo(0.0499958, within(1e-6));
    assertThatThrownBy(() -> Normal.quantile(1)).hasMessage("p must be in (0, 1), got 1.0");
  }

  @Test
  void ratioVarianceByTheDeltaMethodOnThreePersons() {
    // Persons (x, y) = (1, 0), (2, 1), (3, 3): R = 4/6, x̄ = 2, s²x = 1, s²y = 7/3, sxy = 3/2.
    // Var(R) = (7/3 - 2·(2/3)·(3/2) + (4/9)·1) / (3·2²) = (7/9) / 12 = 7/108.
    Moments m = Moments.empty().plus(1, 0).plus(2, 1).plus(3, 3);
    assertThat(m).isEqualTo(new Moments(3, 6, 4, 14, 10, 11));
    Ratio r = Ratio.of(m);
    assertThat(r.value()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.variance()).isCloseTo(7.0 / 108, within(1e-12));
    // 95%: 2/3 ± 1.959964·√(7/108) = 2/3 ± 0.498982.
    assertThat(r.low(ALPHA)).isCloseTo(0.167684, within(1e-5));
    assertThat(r.high(ALPHA)).isCloseTo(1.165649, within(1e-5));
  }

  @Test
  void aPerPersonMeanIsARatioOverOne() {
    // y = 1, 2, 3, 4 with x = 1: mean 2.5, s² = 5/3, Var(mean) = 5/12.
    Moments m = Moments.empty().plus(1, 1).plus(1, 2).plus(1, 3).plus(1, 4);
    Ratio r = Ratio.of(m);
    assertThat(r.value()).isEqualTo(2.5);
    assertThat(r.variance()).isCloseTo(5.0 / 12, within(1e-12));
  }

  @Test
  void aRatioWithoutDenominatorOrWithOnePersonHasNoVariance() {
    assertThat(Ratio.of(Moments.empty().plus(0, 0).plus(0, 0)).value()).isNaN();
    Ratio one = Ratio.of(Moments.empty().plus(2, 1));
    assertThat(one.value()).isEqualTo(0.5);
    assertThat(one.variance()).isNaN();
  }

  @Test
  void liftIntervalAndPValueOnTheLogScale() {
    // T = 0.6 (Var 0.0009), C = 0.5 (Var 0.0004): Var(log T) = 0.0025, Var(log C) = 0.0016,
    // se = √0.0041 = 0.0640312; log(1.2) = 0.1823216; z = 0.1823216 / 0.0640312 = 2.847388.
    Lift l = Lift.of(new Ratio(100, 0.6, 0.0009), new Ratio(100, 0.5, 0.0004), ALPHA);
    assertThat(l.lift()).isCloseTo(0.2, within(1e-12));
    assertThat(l.logSe()).isCloseTo(0.0640312, within(1e-7));
    assertThat(l.low()).isCloseTo(0.0584681, within(1e-6)); // exp(0.18232 - 1.96·0.06403) - 1
    assertThat(l.high()).isCloseTo(0.3604567, within(1e-6)); // exp(0.18232 + 1.96·0.06403) - 1
    assertThat(l.pValue()).isCloseTo(0.0044080, within(1e-6)); // 2·(1 − Φ(2.847388))
    assertThat(l.significant(ALPHA)).isTrue();
  }

  @Test
  void noLiftWithoutAControlValue() {
    Lift l = Lift.of(new Ratio(10, 0.3, 0.001), new Ratio(10, 0, 0), ALPHA);
    assertThat(l.lift()).isNaN();
    assertThat(l.significant(ALPHA)).isFalse();
    assertThat(Lift.of(new Ratio(10, 0, 0), new Ratio(10, 0.2, 0.001), ALPHA).lift())
        .isEqualTo(-1.0);
  }

  @Test
  void minimumDetectableEffectAtEightyPercentPower() {
    // (z.975 + z.8) = 1.959964 + 0.841621 = 2.801585; exp(2.801585 · 0.0640312) − 1 = 0.196486.
    assertThat(Power.minimumDetectableEffect(0.0640312, ALPHA, 0.8))
        .isCloseTo(0.196486, within(1e-5));
    assertThat(Power.minimumDetectableEffect(Double.NaN, ALPHA, 0.8)).isNaN();
  }

  @Test
  void daysNeededScaleWithTheSquareOfTheStandardErrors() {
    // Target se for +5%: log(1.05) / 2.801585 = 0.0174151; after 10 days se = 0.0640312, so
    // 10 · (0.0640312 / 0.0174151)² = 135.18 days in all: 126 more (rounded up).
    assertThat(Power.daysNeeded(0.0640312, 10, 0.05, ALPHA, 0.8)).isEqualTo(126);
    // A lift of 30% is already detectable (its target se 0.0936 > 0.064).
    assertThat(Power.daysNeeded(0.0640312, 10, 0.30, ALPHA, 0.8)).isZero();
    assertThat(Power.daysNeeded(Double.NaN, 10, 0.05, ALPHA, 0.8)).isEqualTo(-1);
  }

  @Test
  void sampleRatioMismatchIsAChiSquareOnTheSplit() {
    // 480 control, 520 treatment, expected 50/50: χ² = 2 · 20² / 500 = 1.6, p = 0.205903.
    assertThat(SampleRatio.pValue(480, 520, 0.5)).isCloseTo(0.205903, within(1e-6));
    // 400 / 600: χ² = 2 · 100² / 500 = 40, p = 2.54e-10.
    assertThat(SampleRatio.pValue(400, 600, 0.5)).isLessThan(1e-9);
    // A 20/80 design seen as 200 / 800 matches exactly.
    assertThat(SampleRatio.pValue(200, 800, 0.2)).isCloseTo(1.0, within(1e-7));
    assertThat(SampleRatio.pValue(0, 0, 0.5)).isNaN();
  }
}
