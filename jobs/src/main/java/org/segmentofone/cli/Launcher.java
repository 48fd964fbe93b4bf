package org.segmentofone.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.AppConfig;
import org.segmentofone.Pipeline;
import org.segmentofone.collect.RawPartitions;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.StageRunner.StageOutcome;
import org.segmentofone.evaluate.GateRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires one invocation: arguments → config → session → stage(s) → summary → exit code. */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  public Launcher(PrintStream out, PrintStream err, Clock clock) {
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  /** 0 on success, 2 for a usage or config error, 1 when a stage failed. */
  public int run(String... args) {
    CommandLine cli;
    AppConfig config;
    try {
      cli = CommandLine.parse(args);
      if (cli.help()) {
        out.print(CommandLine.usage());
        return 0;
      }
      config = AppConfig.load(cli.conf().orElse(null), cli.overrides());
      if (cli.stage().equals("import")) {
        config =
            config.withImports(
                config
                    .imports()
                    .withOverrides(
                        cli.format().orElse(null),
                        cli.input().orElse(null),
                        cli.output().orElse(null)));
        config.imports().checkedFormat();
      }
      if (cli.stage().equals("forget")) {
        config = config.withForget(config.forget().withIds(ForgetRequest.ids(cli)));
        config.forget().identifiers(config.collect().emailSalt());
      }
      if (cli.stage().equals("generate")) {
        config =
            config.withGenerate(
                config
                    .generate()
                    .withOverrides(
                        cli.events().orElse(null),
                        cli.output().orElse(null),
                        cli.seed().orElse(null)));
      }
    } catch (UsageException | ConfigException e) {
      err.println("error: " + e.getMessage());
      err.println();
      err.print(CommandLine.usage());
      return 2;
    }
    LOG.info("effective config: {}", config);
    Instant started = clock.instant();
    SparkSession spark = SparkSessions.create(config.spark(), config.paths());
    try {
      AppConfig cfg = config;
      LocalDate runDate =
          RunDates.resolve(
              switch (cli.stage()) {
                case "generate" -> cli.runDate().or(() -> Optional.of(cfg.generate().endDate()));
                // An import has no logical date: today's, for job_runs.
                case "import" ->
                    cli.runDate()
                        .or(() -> Optional.of(LocalDate.now(clock.withZone(ZoneOffset.UTC))));
                default -> cli.runDate();
              },
              cfg.runDate(),
              clock,
              () -> RawPartitions.list(spark, cfg.paths().rawEvents()));
      if (cli.from().isPresent() && cli.from().get().isAfter(runDate)) {
        throw new UsageException(
            "--from " + cli.from().get() + " is after the run date " + runDate);
      }
      RunContext run =
          new RunContext(
              cli.runId().orElseGet(() -> UUID.randomUUID().toString()),
              runDate,
              clock,
              cli.from());
      List<StageOutcome> outcomes;
      try {
        outcomes = new Pipeline(spark, cfg).run(cli.stage(), run);
      } catch (GateRefusedException e) {
        // A refused nightly still ran the reports: show what it did before the refusal.
        if (!e.completed().isEmpty()) {
          SummaryPrinter.print(
              out,
              runDate,
              run.runId(),
              e.completed(),
              cfg.paths(),
              Duration.between(started, clock.instant()));
        }
        throw e;
      }
      SummaryPrinter.print(
          out,
          runDate,
          run.runId(),
          outcomes,
          cfg.paths(),
          Duration.between(started, clock.instant()));
      return 0;
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (GateRefusedException e) {
      LOG.error("stage {} stopped: {}", cli.stage(), e.getMessage());
      err.println("error: " + e.getMessage());
      return exitCode(e);
    } catch (RuntimeException e) {
      LOG.error("stage {} failed", cli.stage(), e);
      err.println("error: " + cli.stage() + " failed: " + e.getMessage());
      return exitCode(e);
    } finally {
      spark.stop();
    }
  }

  /**
   * The exit code for a stage's exception: {@value GateRefusedException#EXIT_CODE} when the gate
   * refused the model (a scheduler stops publication there), 1 for any other failure.
   */
  static int exitCode(RuntimeException e) {
    return e instanceof GateRefusedException ? GateRefusedException.EXIT_CODE : 1;
  }
}
