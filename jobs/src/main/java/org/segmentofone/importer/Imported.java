package org.segmentofone.importer;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What an importer read: staged contract rows (events and rejects) and a catalog snapshot. */
record Imported(Dataset<Row> staged, Dataset<Row> catalog) {}
