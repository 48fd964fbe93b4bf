/**
 * The published night in memory. Reads {@code model_runs} (the newest {@code published} model and
 * its run date), then that run date's {@code recommendations}, {@code similar_products}, {@code
 * bought_together}, {@code trending} and {@code identity_map}, and {@code identity_merges} up to
 * it, with Delta Kernel, into dictionary-encoded primitive columns ({@link
 * org.segmentofone.lookup.store.Snapshot}).
 */
package org.segmentofone.lookup.store;
