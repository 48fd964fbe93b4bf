/**
 * Shared plumbing: config reading, the SparkSession factory, the run context, table contracts
 * ({@link org.segmentofone.common.Tables}), Delta reads and idempotent writes, and the {@code
 * job_runs} log every stage appends to.
 */
package org.segmentofone.common;
