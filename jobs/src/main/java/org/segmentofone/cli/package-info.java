/** The command line: argument parsing, run-date choice, wiring of one invocation, summary. */
package org.segmentofone.cli;
