package org.segmentofone.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.cluster.TableComparison.ignoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.segmentofone.AppConfig;
import org.segmentofone.Main;
import org.segmentofone.Pipeline;
import org.segmentofone.TestSpark;
import org.segmentofone.common.ForklessLocalFileSystem;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageRunner;
import org.segmentofone.ingest.GenerateStoreJob;

/**
 * The spark-submit jar on a real multi-process Spark standalone cluster (a Master and two Workers,
 * each its own JVM, on 127.0.0.1): {@code nightly} on a small generated store writes the same Delta
 * tables as {@code nightly} in local mode, although one executor is killed in the middle of a stage
 * (Spark re-runs the lost tasks on a new executor).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkSubmitClusterIT {
  /** A guard against a hung cluster, far above a run's time (under a minute on an idle CI box). */
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

  /** The tables nightly writes, and the columns that name the run rather than its result. */
  private static final Map<String, Set<String>> COMPARED = new LinkedHashMap<>();

  static {
    COMPARED.put("events", ignoring("collected_run_id"));
    COMPARED.put("quarantine", ignoring("run_id", "quarantined_at"));
    COMPARED.put("products", ignoring());
    COMPARED.put("identity_edges", ignoring());
    COMPARED.put("identity_map", ignoring());
    COMPARED.put("identity_suspects", ignoring());
    COMPARED.put("interactions", ignoring());
    COMPARED.put("person_profile", ignoring());
    COMPARED.put("person_index", ignoring());
    COMPARED.put("product_index", ignoring());
    COMPARED.put(
        "model_runs",
        ignoring(
            "run_id",
            "path",
            "holdout_path",
            "neighbours_path",
            "holdout_neighbours_path",
            "created_at",
            "train_seconds",
            "item_to_item_seconds"));
    COMPARED.put("tuning_runs", ignoring("seconds"));
    COMPARED.put("evaluations", ignoring());
    COMPARED.put("recommendations", ignoring());
    COMPARED.put("similar_products", ignoring());
    COMPARED.put("bought_together", ignoring());
    COMPARED.put("trending", ignoring());
    COMPARED.put("audit_checks", ignoring());
  }

  private static Path base;
  private static Path logs;
  private static Path jobJar;
  private static Path config;
  private static LocalDate runDate;
  private static StandaloneCluster.SparkHome home;
  private static StandaloneCluster cluster;
  private static SparkSession spark;
  private static Submission onCluster;

  @BeforeAll
  static void generateStoreAndRunLocally() throws Exception {
    Assumptions.assumeTrue(
        canStartJava(),
        "this machine cannot start Java processes, so no Spark cluster can run here: skipped");
    Path target = Path.of(System.getProperty("segmentofone.target", "target")).toAbsolutePath();
    jobJar = findJobJar(target);
    logs = Files.createDirectories(target.resolve("cluster-it"));
    spark = TestSpark.session();
    base = TestSpark.tempDir("cluster");
    config = writeConfig(base);
    AppConfig cfg = AppConfig.load(config.toFile(), Map.of());
    cfg =
        cfg.withGenerate(cfg.generate().withOverrides(null, base.resolve("store").toString(), 5L));
    new GenerateStoreJob(spark, cfg.generate())
        .run(new RunContext("gen", cfg.generate().endDate(), Clock.systemUTC()));
    runDate = cfg.generate().endDate();
    home =
        StandaloneCluster.SparkHome.create(
            fresh(logs.resolve("spark-home")), launcherClasspath(target), jvmFlags(target));
    runLocally();
    cluster = StandaloneCluster.start(home, 2, 1, "1536m");
    // One cluster run serves both tests (a full nightly costs minutes): train is the longest
    // stage; once it started writing, one executor is killed while tasks run.
    onCluster =
        submit(cluster.masterUrl(), "cluster", base.resolve("warehouse-cluster/person_index"));
  }

  /**
   * The reference: {@code nightly} in local mode inside this JVM, on the test session with the
   * config's 4 shuffle partitions (a second spark-submit in local mode cost ~6 minutes of a fresh
   * JVM; the jar itself is what the cluster run tests).
   */
  private static void runLocally() {
    AppConfig cfg =
        AppConfig.load(
            config.toFile(),
            Map.of(
                "paths.warehouse", base.resolve("warehouse-local").toString(),
                "paths.checkpoint", base.resolve("checkpoints-local").toString()));
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    spark.conf().set("spark.sql.shuffle.partitions", cfg.spark().shufflePartitions());
    try {
      List<StageRunner.StageOutcome> outcomes =
          new Pipeline(spark, cfg)
              .run("nightly", new RunContext("it-local", runDate, Clock.systemUTC()));
      assertThat(outcomes)
          .extracting(StageRunner.StageOutcome::stage)
          .as("local-mode nightly")
          .containsExactlyElementsOf(Pipeline.NIGHTLY);
    } finally {
      spark.conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void nightlyOnAStandaloneClusterWritesWhatLocalModeWrites() {
    assertThat(onCluster.exitCode()).as("cluster nightly:\n%s", onCluster.log()).isZero();
    assertThat(onCluster.executorPids())
        .as("executor JVMs the Workers started")
        .hasSizeGreaterThan(1);
    assertSameOutput("cluster");
  }

  @Test
  @Order(2)
  void anExecutorKilledMidStageIsReplacedAndTheRunStillWritesWhatLocalModeWrites() {
    // The cluster run above lost one executor while train ran (once person_index existed):
    // Spark re-ran its tasks on a new executor and the output still equals local mode's.
    assertThat(onCluster.killedPid()).as("an executor was killed while the job ran").isNotNull();
    assertThat(onCluster.executorPids())
        .as("the Worker started a new executor after the kill")
        .hasSizeGreaterThan(2);
    assertThat(onCluster.exitCode()).as("nightly after the kill:\n%s", onCluster.log()).isZero();
  }

  private static void assertSameOutput(String name) {
    String local = base.resolve("warehouse-local").toString();
    String other = base.resolve("warehouse-" + name).toString();
    long recommendations = 0;
    for (Map.Entry<String, Set<String>> t : COMPARED.entrySet()) {
      TableComparison.Outcome o =
          TableComparison.compare(spark, local, other, t.getKey(), t.getValue());
      o.assertSame();
      if (t.getKey().equals("recommendations")) {
        recommendations = o.leftRows();
      }
    }
    assertThat(recommendations).as("recommendations written (the gate approved)").isPositive();
  }

  /** What one spark-submit did: exit code, its log, the executors seen and the one killed. */
  record Submission(int exitCode, String log, Set<Long> executorPids, Long killedPid) {}

  /**
   * Submits the shaded jar for {@code nightly} into {@code warehouse-<name>}; when {@code killWhen}
   * is given, kills one executor (SIGKILL) once that path exists.
   */
  private static Submission submit(String master, String name, Path killWhen) throws Exception {
    // Logs go under target/ (kept after the run, unlike the test's temp folder).
    Path log = logs.resolve("submit-" + name + ".log");
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--master",
            master,
            "--deploy-mode",
            "client",
            "--conf",
            "spark.driver.host=127.0.0.1",
            "--conf",
            "spark.driver.bindAddress=127.0.0.1",
            "--conf",
            "spark.ui.enabled=false",
            "--conf",
            "spark.executor.memory=1g",
            "--conf",
            "spark.executor.cores=1",
            // Executors live for one short run: the C2 compiler's work never pays back there
            // (with whole-stage code generation off below, the run took 262 s of stage time
            // instead of 331; 358 with neither). The serial collector, as in every test JVM.
            "--conf",
            "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 " + StandaloneCluster.GC,
            "--driver-memory",
            "1500m",
            "--class",
            Main.class.getName(),
            jobJar.toString(),
            "nightly",
            "--conf",
            config.toString(),
            "--run-date",
            runDate.toString(),
            "--run-id",
            "it-" + name,
            "--set",
            "paths.warehouse=" + base.resolve("warehouse-" + name),
            "--set",
            "paths.checkpoint=" + base.resolve("checkpoints-" + name)));
    Process p = home.java(driverFlags(), "org.apache.spark.deploy.SparkSubmit", args, log);
    Set<Long> executors = new HashSet<>();
    Long killed = null;
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    try {
      while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "nightly did not finish in "
                  + RUN_TIMEOUT
                  + "; its log "
                  + log
                  + " ends:\n"
                  + StandaloneCluster.tail(log));
        }
        List<ProcessHandle> alive = cluster == null ? List.of() : cluster.executors();
        alive.forEach(e -> executors.add(e.pid()));
        if (killWhen != null && killed == null && Files.exists(killWhen) && alive.size() > 1) {
          ProcessHandle victim = alive.get(0);
          victim.destroyForcibly();
          victim.onExit().get(30, TimeUnit.SECONDS);
          killed = victim.pid();
        }
      }
    } finally {
      p.destroyForcibly();
    }
    return new Submission(p.exitValue(), StandaloneCluster.tail(log), executors, killed);
  }

  /** An empty folder at {@code dir} (a previous run's cluster logs and work folders removed). */
  private static Path fresh(Path dir) {
    if (Files.exists(dir)) {
      TestSpark.deleteQuietly(dir);
    }
    return dir;
  }

  private static Path writeConfig(Path dir) throws IOException {
    Path file = dir.resolve("cluster-it.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "spark.shuffle-partitions = 4",
            "paths {",
            "  raw-events = \"" + dir.resolve("store/raw/events") + "\"",
            "  catalog = \"" + dir.resolve("store/raw/catalog") + "\"",
            "  warehouse = \"" + dir.resolve("warehouse") + "\"",
            "  checkpoint = \"" + dir.resolve("checkpoints") + "\"",
            "}",
            "generate { events = 15000, days = 30 }",
            // ALS blocks fixed: local[2] and two one-core executors then split the data alike.
            "train { rank = 8, max-iter = 5, num-blocks = 2, tuning.trials = 0 }",
            "hybrid.tuning { similarities = [cosine], recency-half-life-days = [0],"
                + " blend-weights = [0.3] }",
            "evaluate.min-test-persons = 5",
            // Delta replays a table's log with 50 tasks by default: too many for this store.
            // Generated code is compiled again in every fresh executor JVM: on a store this small
            // that costs more than it saves, for whole stages as for single expressions (the
            // test session interprets both too; without expression code the IT alone took
            // 410 s and 653 s of CPU instead of 443 s and 706 s). These only change how fast
            // the jobs run, never what they write.
            "spark.settings {",
            "  \"spark.databricks.delta.snapshotPartitions\" = 4",
            "  \"spark.sql.codegen.wholeStage\" = false",
            "  \"spark.sql.codegen.factoryMode\" = NO_CODEGEN",
            // The cluster's executors write to this machine's disk: no chmod process per file.
            "  \"spark.hadoop.fs.file.impl\" = \"" + ForklessLocalFileSystem.class.getName() + "\"",
            "  \"spark.hadoop.fs.AbstractFileSystem.file.impl\" = \""
                + ForklessLocalFileSystem.Context.class.getName()
                + "\"",
            "}",
            ""));
    return file;
  }

  private static Path findJobJar(Path target) throws IOException {
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-spark.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no *-spark.jar in " + target + ": run mvn package"));
    }
  }

  private static List<Path> launcherClasspath(Path target) throws IOException {
    String cp = Files.readString(target.resolve("launcher/classpath")).trim();
    return Stream.of(cp.split(java.io.File.pathSeparator)).map(Path::of).toList();
  }

  private static List<String> jvmFlags(Path target) throws IOException {
    return List.of(Files.readString(target.resolve("launcher/jvm.flags")).trim().split("\\s+"));
  }

  private static boolean canStartJava() {
    try {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * The driver's heap and collector, and the test JVMs' compiler thresholds ({@code test.jit} in
   * the root pom, which failsafe passes on): the driver plans every query of the run, as a test JVM
   * does.
   */
  private static List<String> driverFlags() {
    List<String> flags = new java.util.ArrayList<>(List.of("-Xmx1500m", StandaloneCluster.GC));
    for (String flag : System.getProperty("test.jit", "").trim().split("\\s+")) {
      if (!flag.isEmpty()) {
        flags.add(flag);
      }
    }
    return flags;
  }
}
