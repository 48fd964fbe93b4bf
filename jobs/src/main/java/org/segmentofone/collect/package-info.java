/**
 * {@code collect}: raw events (Parquet by event_date) and the catalog snapshot in; Delta {@code
 * events}, {@code quarantine} and {@code products} out.
 */
package org.segmentofone.collect;
