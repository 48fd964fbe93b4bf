/**
 * {@code train}: {@code interactions} in; {@code person_index}, {@code product_index}, the ALS
 * model under {@code models/<version>/} and {@code model_runs} out.
 */
package org.segmentofone.train;
