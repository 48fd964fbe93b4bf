package org.segmentofone.common;

/** One pipeline stage. {@code run} does the I/O and delegates the logic to pure transforms. */
public interface Job<R extends JobResult> {
  String stage();

  R run(RunContext run);
}
