package org.segmentofone;

import java.time.Clock;
import org.segmentofone.cli.Launcher;

/** The one entry point: {@code Main <stage> [options]}; see {@code --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new Launcher(System.out, System.err, Clock.systemUTC()).run(args));
  }
}
