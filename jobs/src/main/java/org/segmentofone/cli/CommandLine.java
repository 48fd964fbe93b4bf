package org.segmentofone.cli;

import java.io.File;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed arguments: {@code <stage> [--conf FILE] [--run-date D] [--run-id ID] [--set k=v]...} and,
 * for {@code generate}, {@code [--events N] [--output DIR] [--seed S]}.
 */
public record CommandLine(
    String stage,
    boolean help,
    Optional<File> conf,
    Optional<LocalDate> runDate,
    Optional<LocalDate> from,
    Optional<String> runId,
    Map<String, String> overrides,
    Optional<Long> events,
    Optional<String> output,
    Optional<Long> seed,
    Optional<String> format,
    Optional<String> input,
    List<String> ids,
    Optional<String> idsFile) {

  public static final List<String> STAGES =
      List.of(
          "generate",
          "import",
          "collect",
          "connect",
          "consume",
          "train",
          "evaluate",
          "recommend",
          "audit",
          "measure",
          "nightly",
          "forget");

  public static CommandLine parse(String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    if (rest.isEmpty()
        || rest.contains("--help")
        || rest.contains("-h")
        || rest.get(0).equals("help")) {
      return new CommandLine(
          rest.isEmpty() ? "" : rest.get(0),
          true,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Map.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty());
    }
    String stage = rest.remove(0);
    if (!STAGES.contains(stage)) {
      throw new UsageException(
          "unknown stage '" + stage + "'; stages: " + String.join(", ", STAGES));
    }
    File conf = null;
    LocalDate runDate = null;
    LocalDate from = null;
    String runId = null;
    Long events = null;
    String output = null;
    Long seed = null;
    String format = null;
    String input = null;
    String idsFile = null;
    List<String> ids = new ArrayList<>();
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < rest.size(); i++) {
      String flag = rest.get(i);
      String value = i + 1 < rest.size() ? rest.get(i + 1) : null;
      if (value == null || value.startsWith("--")) {
        throw new UsageException(flag + " needs a value");
      }
      i++;
      switch (flag) {
        case "--conf" -> conf = new File(value);
        case "--run-date" -> runDate = date(flag, value);
        case "--from" -> {
          if (!stage.equals("collect") && !stage.equals("nightly")) {
            throw new UsageException("--from is only for the collect and nightly stages");
          }
          from = date(flag, value);
        }
        case "--run-id" -> runId = runId(value);
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new UsageException("--set needs key=value, got '" + value + "'");
          }
          overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        }
        case "--events" -> events = generateOnly(stage, flag, positiveLong(flag, value));
        case "--output" -> {
          if (!stage.equals("generate") && !stage.equals("import")) {
            throw new UsageException("--output is only for the generate and import stages");
          }
          output = value;
        }
        case "--format" -> format = importOnly(stage, flag, value);
        case "--input" -> input = importOnly(stage, flag, value);
        case "--seed" -> seed = generateOnly(stage, flag, longValue(flag, value));
        case "--id" -> ids.add(forgetOnly(stage, flag, value));
        case "--ids-file" -> idsFile = forgetOnly(stage, flag, value);
        default -> throw new UsageException("unknown option '" + flag + "'");
      }
    }
    return new CommandLine(
        stage,
        false,
        Optional.ofNullable(conf),
        Optional.ofNullable(runDate),
        Optional.ofNullable(from),
        Optional.ofNullable(runId),
        Map.copyOf(overrides),
        Optional.ofNullable(events),
        Optional.ofNullable(output),
        Optional.ofNullable(seed),
        Optional.ofNullable(format),
        Optional.ofNullable(input),
        List.copyOf(ids),
        Optional.ofNullable(idsFile));
  }

  public static String usage() {
    return """
        Segment of One — individual-level recommendations as nightly Spark jobs.

        Usage: segment-of-one <stage> [options]

        Stages:
          generate   write a synthetic store (raw events, catalog, ground truth)
          import     turn an export (segment, movielens, amazon-seq, groceries, diginetica)
                     into the raw event contract: --format F --input PATH [--output DIR]
          collect    validate raw events into Delta `events`, rejects into `quarantine`
          connect    resolve identifiers into persons: `identity_map`, `identity_merges`, …
          consume    weighted, time-decayed implicit feedback: `interactions`, `person_profile`
          train      implicit ALS on `interactions`, tuned on a validation window of `events`:
                     models under models/, rows in `model_runs` and `tuning_runs`
          evaluate   the model against popularity and co-occurrence on held-out days:
                     `evaluations`, an HTML report, and the gate (exit 3 when it refuses)
          recommend  top-N per person with rules and a trending fallback: `recommendations`
          audit      is the data Collected, Connected, Consumable? `audit_checks` with a
                     status and advice per check, an HTML report with charts and a JSON twin
          measure    did personalisation pay off? per experiment and arm: conversion, orders,
                     revenue, revenue from recommendations, with intervals and the lift over
                     control: `experiment_readouts`, an HTML report with charts and a JSON twin
          nightly    collect → connect → consume → train → evaluate → recommend → audit →
                     measure, then a summary; when the gate refuses, recommend is skipped, the
                     reports still run, and the exit code is 3
          forget     erase persons everywhere (tables, models, older versions) and keep their
                     identifiers, hashed, in `erasures` so collect drops their future events:
                     --id TYPE:VALUE ... or --ids-file FILE

        Options:
          --conf FILE       HOCON config layered over reference.conf (default: conf/local.conf
                            when started through bin/segment-of-one)
          --run-date D      the logical date YYYY-MM-DD (default: config run.date)
          --from D          collect, nightly: backfill every raw date from D up to the run date
                            in one job (each date replaced as a whole)
          --run-id ID       an id for job_runs (default: a random UUID)
          --set KEY=VALUE   override one config key, e.g. --set train.rank=64
          --events N        generate: number of events (persons and products scale with it)
          --output DIR      generate, import: where to write (default: generate.output,
                            import.output)
          --format F        import: segment, movielens, amazon-seq, groceries or diginetica
          --input PATH      import: the export file or folder
          --seed S          generate: random seed
          --id TYPE:VALUE   forget: an identifier (email, email_hash, user_id, anonymous_id,
                            person_id); repeatable
          --ids-file FILE   forget: identifiers, one TYPE:VALUE per line (# comments)
          --help            this text
        """;
  }

  private static <T> T importOnly(String stage, String flag, T value) {
    if (!stage.equals("import")) {
      throw new UsageException(flag + " is only for the import stage");
    }
    return value;
  }

  private static <T> T forgetOnly(String stage, String flag, T value) {
    if (!stage.equals("forget")) {
      throw new UsageException(flag + " is only for the forget stage");
    }
    return value;
  }

  private static <T> T generateOnly(String stage, String flag, T value) {
    if (!stage.equals("generate")) {
      throw new UsageException(flag + " is only for the generate stage");
    }
    return value;
  }

  private static LocalDate date(String flag, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(flag + " must be YYYY-MM-DD, got '" + value + "'");
    }
  }

  private static String runId(String value) {
    if (!value.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new UsageException(
          "--run-id may hold letters, digits and _.:- (at most 64), got '" + value + "'");
    }
    return value;
  }

  private static long positiveLong(String flag, String value) {
    long n = longValue(flag, value);
    if (n <= 0) {
      throw new UsageException(flag + " must be > 0, got " + value);
    }
    return n;
  }

  private static long longValue(String flag, String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(flag + " must be a whole number, got '" + value + "'");
    }
  }
}
