/**
 * {@code measure}: did personalisation pay off? Reads {@code events} (rec_impression with
 * experiment and arm, rec_click, purchase, sessions) and the run date's {@code identity_map};
 * writes {@code experiment_readouts} and the report {@code reports/measure/<date>.html} with its
 * JSON twin. Spark sums per person and arm ({@link org.segmentofone.measure.MeasureTransforms});
 * the statistics ({@link org.segmentofone.measure.Ratio}, {@link org.segmentofone.measure.Lift},
 * {@link org.segmentofone.measure.Power}, {@link org.segmentofone.measure.SampleRatio}) are plain
 * Java on those sums.
 */
package org.segmentofone.measure;
