/**
 * {@code collect}: raw events (Parquet by event_date) and the catalog snapshot in; Delta {@code
 * events}, {@code quarantine}, {@code collected_files} (the manifest of raw files read, for late
 * data) and {@code products} out.
 */
package org.segmentofone.collect;
