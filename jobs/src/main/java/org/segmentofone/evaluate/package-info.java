/**
 * {@code evaluate}: offline evaluation on a time-based holdout. {@link
 * org.segmentofone.evaluate.Holdout} splits person events at a cutoff and builds the popularity
 * baseline; {@link org.segmentofone.evaluate.RankingMetrics} scores top-K lists against what the
 * test persons carted or bought afterwards.
 */
package org.segmentofone.evaluate;
