/**
 * Raw input producers. {@code generate} writes a synthetic store (raw events by event_date,
 * catalog, ground truth under {@code truth/}); importers of public formats come later.
 */
package org.segmentofone.ingest;
