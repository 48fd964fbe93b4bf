/**
 * {@code train}: {@code interactions} and {@code events} in; {@code person_index}, {@code
 * product_index}, the hyper-parameter search ({@code tuning_runs}), the holdout and served ALS
 * models under {@code models/<version>/<run id>/} and {@code model_runs} out.
 */
package org.segmentofone.train;
