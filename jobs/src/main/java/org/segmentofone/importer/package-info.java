/**
 * {@code import}: turns real-world interaction exports (Segment / RudderStack JSON, MovieLens,
 * Amazon review sequences, Groceries baskets, Diginetica sessions) into the raw event contract, so
 * the nightly pipeline runs on them unchanged. docs/importers.md documents each mapping.
 */
package org.segmentofone.importer;
