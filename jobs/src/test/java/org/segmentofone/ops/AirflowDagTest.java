package org.segmentofone.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.Main;
import org.segmentofone.Pipeline;
import org.segmentofone.cli.CommandLine;

/**
 * The Airflow DAG without Airflow (it cannot be installed here): the file compiles with {@code
 * python3 -m py_compile}, and run with stand-ins for the Airflow classes it has one spark-submit
 * task per nightly stage, chained in the launcher's order, each passing the run date.
 */
class AirflowDagTest {
  private static final Path DAG = Path.of("../airflow/dags/segment_of_one_nightly.py");
  private static JsonNode probe;

  @BeforeAll
  static void loadDag() throws Exception {
    Path script = Files.createTempFile("dag_probe", ".py");
    try (var in = AirflowDagTest.class.getResourceAsStream("/airflow/dag_probe.py")) {
      Files.write(script, in.readAllBytes());
    }
    Result r = python(script.toString(), DAG.toString());
    assertThat(r.exitCode()).as("the DAG file ran:\n%s", r.output()).isZero();
    probe = new ObjectMapper().readTree(r.output());
  }

  @Test
  void theDagFileCompiles() throws Exception {
    Path out = Files.createTempDirectory("pycache");
    Result r =
        python(
            "-c",
            "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
            DAG.toString(),
            out.resolve("dag.pyc").toString());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void oneSparkSubmitTaskPerNightlyStageInThePipelinesOrder() {
    List<String> ids = new ArrayList<>();
    probe.get("tasks").forEach(t -> ids.add(t.get("task_id").asText()));

    assertThat(ids).containsExactlyElementsOf(Pipeline.NIGHTLY);
    assertThat(CommandLine.STAGES).containsAll(ids);
    String previous = null;
    for (JsonNode t : probe.get("tasks")) {
      assertThat(t.get("is_spark_submit").asBoolean()).as(t.toString()).isTrue();
      List<String> upstream = new ArrayList<>();
      t.get("upstream").forEach(u -> upstream.add(u.asText()));
      assertThat(upstream)
          .as("upstream of %s", t.get("task_id").asText())
          .isEqualTo(previous == null ? List.of() : List.of(previous));
      previous = t.get("task_id").asText();
    }
  }

  @Test
  void everyTaskSubmitsTheLauncherForItsStageAndTheRunDate() {
    for (JsonNode t : probe.get("tasks")) {
      String stage = t.get("task_id").asText();
      List<String> args = new ArrayList<>();
      t.get("application_args").forEach(a -> args.add(a.asText()));

      assertThat(t.get("java_class").asText()).isEqualTo(Main.class.getName());
      assertThat(t.get("application").asText()).isEqualTo("{{ var.value.segment_of_one_jar }}");
      assertThat(args.get(0)).isEqualTo(stage);
      assertThat(args.subList(1, 5))
          .containsExactly(
              "--conf", "{{ var.value.segment_of_one_conf }}", "--run-date", "{{ ds }}");
      // Rendered as Airflow would on one night, every option is one the launcher accepts.
      CommandLine cli =
          CommandLine.parse(
              args.stream()
                  .map(
                      a ->
                          a.replace("{{ ds }}", "2026-11-22")
                              .replace("{{ ts_nodash }}", "20261122T020000")
                              .replace("{{ ti.try_number }}", "2")
                              .replace("{{ var.value.segment_of_one_conf }}", "cluster.conf"))
                  .toArray(String[]::new));
      assertThat(cli.stage()).isEqualTo(stage);
      assertThat(cli.runDate()).contains(java.time.LocalDate.of(2026, 11, 22));
      assertThat(cli.runId()).contains("af-20261122T020000-" + stage + "-2");
    }
  }

  @Test
  void theGatesRefusalFailsWithoutRetriesAndOtherFailuresAreRetried() {
    JsonNode evaluate = probe.get("outcomes").get("evaluate");

    assertThat(evaluate.get("0").asText()).isEqualTo("success");
    assertThat(evaluate.get("1").asText()).isEqualTo("AirflowException");
    assertThat(
            evaluate
                .get(String.valueOf(org.segmentofone.evaluate.GateRefusedException.EXIT_CODE))
                .asText())
        .as("AirflowFailException ends the task at once, whatever its retries")
        .isEqualTo("AirflowFailException");
  }

  @Test
  void retriesAnSlaAndOneNightAtATime() {
    JsonNode dag = probe.get("dags").get(0);
    JsonNode defaults = dag.get("default_args");

    assertThat(probe.get("dags")).hasSize(1);
    assertThat(dag.get("dag_id").asText()).isEqualTo("segment_of_one_nightly");
    assertThat(defaults.get("retries").asInt()).isPositive();
    assertThat(defaults.get("sla").asText()).isEqualTo("4:00:00");
    assertThat(defaults.get("depends_on_past").asBoolean()).isFalse();
    assertThat(dag.get("max_active_runs").asInt()).isEqualTo(1);
  }

  private record Result(int exitCode, String output) {}

  private static Result python(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("python3"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    return new Result(p.exitValue(), p.exitValue() == 0 ? text : text + err);
  }
}
