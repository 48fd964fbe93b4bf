package org.segmentofone;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.audit.AuditReadinessJob;
import org.segmentofone.collect.CollectEventsJob;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageRunner;
import org.segmentofone.common.StageRunner.StageOutcome;
import org.segmentofone.connect.ResolveIdentitiesJob;
import org.segmentofone.consume.BuildInteractionsJob;
import org.segmentofone.evaluate.EvaluateJob;
import org.segmentofone.evaluate.GateRefusedException;
import org.segmentofone.forget.ForgetJob;
import org.segmentofone.importer.ImportJob;
import org.segmentofone.ingest.GenerateStoreJob;
import org.segmentofone.measure.MeasureExperimentsJob;
import org.segmentofone.recommend.RecommendJob;
import org.segmentofone.train.TrainModelJob;

/** Builds each stage's job from the bound config and runs one stage or the nightly sequence. */
public final class Pipeline {
  public static final List<String> NIGHTLY =
      List.of(
          "collect", "connect", "consume", "train", "evaluate", "recommend", "audit", "measure");

  /**
   * Stages that describe the data, not the model: a nightly runs them even when the gate refused.
   */
  public static final Set<String> AFTER_ANY_VERDICT = Set.of("audit", "measure");

  private final SparkSession spark;
  private final AppConfig config;
  private final StageRunner runner;
  private final Function<String, Job<?>> jobs;

  public Pipeline(SparkSession spark, AppConfig config) {
    this.spark = spark;
    this.config = config;
    this.runner = new StageRunner(spark, new DeltaTables(spark, config.paths()));
    this.jobs = this::job;
  }

  /** A pipeline whose stages are built by {@code jobs} (tests of the sequencing). */
  Pipeline(SparkSession spark, AppConfig config, Function<String, Job<?>> jobs) {
    this.spark = spark;
    this.config = config;
    this.runner = new StageRunner(spark, new DeltaTables(spark, config.paths()));
    this.jobs = jobs;
  }

  /**
   * Runs {@code stage}. {@code nightly} runs every stage in order and stops at a failure, except
   * that when the gate refuses the model it skips the publishing stages, still runs the reports
   * ({@link #AFTER_ANY_VERDICT}) and then rethrows the refusal with the completed stages.
   */
  public List<StageOutcome> run(String stage, RunContext run) {
    List<String> stages = stage.equals("nightly") ? NIGHTLY : List.of(stage);
    List<StageOutcome> outcomes = new ArrayList<>();
    GateRefusedException refused = null;
    for (String s : stages) {
      if (refused != null && !AFTER_ANY_VERDICT.contains(s)) {
        continue;
      }
      try {
        outcomes.add(runner.run(jobs.apply(s), run));
      } catch (GateRefusedException e) {
        if (stages.size() == 1) {
          throw e;
        }
        refused = e;
      }
    }
    if (refused != null) {
      throw refused.withCompleted(outcomes);
    }
    return outcomes;
  }

  Job<?> job(String stage) {
    return switch (stage) {
      case "generate" -> new GenerateStoreJob(spark, config.generate());
      case "import" -> new ImportJob(spark, config.imports());
      case "collect" -> new CollectEventsJob(spark, config.paths(), config.collect());
      case "connect" -> new ResolveIdentitiesJob(spark, config.paths(), config.connect());
      case "consume" -> new BuildInteractionsJob(spark, config.paths(), config.consume());
      case "train" ->
          new TrainModelJob(
              spark,
              config.paths(),
              config.train(),
              config.hybrid(),
              config.consume(),
              config.evaluate(),
              config.recommend().minEvents());
      case "evaluate" ->
          new EvaluateJob(
              spark,
              config.paths(),
              config.evaluate(),
              config.hybrid(),
              config.consume(),
              config.recommend().minEvents());
      case "recommend" ->
          new RecommendJob(
              spark,
              config.paths(),
              config.recommend(),
              config.hybrid(),
              config.consume().weights());
      case "audit" ->
          new AuditReadinessJob(
              spark, config.paths(), config.audit(), config.recommend().minEvents());
      case "measure" -> new MeasureExperimentsJob(spark, config.paths(), config.measure());
      case "forget" ->
          new ForgetJob(spark, config.paths(), config.forget(), config.collect().emailSalt());
      default -> throw new IllegalArgumentException("no job for stage " + stage);
    };
  }
}
