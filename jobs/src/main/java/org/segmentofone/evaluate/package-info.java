/**
 * {@code evaluate}: offline evaluation on a time-based holdout and the gate. {@link
 * org.segmentofone.evaluate.Backtest} splits person events at a cutoff as the nightly would have
 * seen them; {@link org.segmentofone.evaluate.Holdout} builds the popularity and co-occurrence
 * baselines; {@link org.segmentofone.evaluate.RankingMetrics} scores top-K lists; {@link
 * org.segmentofone.evaluate.EvaluateJob} writes {@code evaluations} and the HTML report ({@link
 * org.segmentofone.evaluate.EvaluationReport}) and applies the {@link
 * org.segmentofone.evaluate.Gate}.
 */
package org.segmentofone.evaluate;
