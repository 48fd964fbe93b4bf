package org.segmentofone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageRunner.StageOutcome;
import org.segmentofone.evaluate.GateRefusedException;

class PipelineTest {
  private final List<String> ran = new ArrayList<>();

  /** A stage that records that it ran and fails as told. */
  private Job<JobResult> stage(String name, RuntimeException failure) {
    return new Job<>() {
      @Override
      public String stage() {
        return name;
      }

      @Override
      public JobResult run(RunContext run) {
        ran.add(name);
        if (failure != null) {
          throw failure;
        }
        return new JobResult() {
          public long rowsIn() {
            return 0;
          }

          public long rowsOut() {
            return 0;
          }

          public Map<String, Long> tablesWritten() {
            return Map.of();
          }

          public String message() {
            return name + " done";
          }
        };
      }
    };
  }

  private Pipeline pipeline(String failing, RuntimeException failure) {
    Path base = TestSpark.tempDir("pipeline");
    AppConfig config =
        AppConfig.load(
            null,
            Map.of(
                "paths.warehouse", base.resolve("warehouse").toString(),
                "paths.checkpoint", base.resolve("checkpoints").toString()));
    return new Pipeline(
        TestSpark.session(), config, s -> stage(s, s.equals(failing) ? failure : null));
  }

  private static RunContext night() {
    return new RunContext("r", LocalDate.of(2026, 11, 22), Clock.systemUTC());
  }

  @Test
  void whenTheGateRefusesTheNightlySkipsRecommendRunsTheReportsAndThenRefuses() {
    Pipeline p = pipeline("evaluate", new GateRefusedException("worse than popularity", Map.of()));

    GateRefusedException e =
        catchThrowableOfType(GateRefusedException.class, () -> p.run("nightly", night()));

    assertThat(ran)
        .containsExactlyElementsOf(
            Pipeline.NIGHTLY.stream().filter(s -> !s.equals("recommend")).toList());
    assertThat(e).hasMessage("worse than popularity");
    assertThat(e.completed())
        .extracting(StageOutcome::stage)
        .containsExactlyElementsOf(
            Pipeline.NIGHTLY.stream()
                .filter(s -> !List.of("evaluate", "recommend").contains(s))
                .toList());
  }

  @Test
  void measureRunsLastInTheNightlyAndAlsoAfterARefusal() {
    assertThat(Pipeline.NIGHTLY).endsWith("audit", "measure");
    assertThat(Pipeline.AFTER_ANY_VERDICT).contains("audit", "measure");
    Path base = TestSpark.tempDir("pipeline-measure");
    AppConfig config =
        AppConfig.load(null, Map.of("paths.warehouse", base.resolve("warehouse").toString()));
    assertThat(new Pipeline(TestSpark.session(), config).job("measure").stage())
        .isEqualTo("measure");
  }

  @Test
  void anyOtherFailureStopsTheNightlyWhereItHappened() {
    Pipeline p = pipeline("connect", new IllegalStateException("disk full"));

    IllegalStateException e =
        catchThrowableOfType(IllegalStateException.class, () -> p.run("nightly", night()));

    assertThat(e).hasMessage("disk full");
    assertThat(ran).containsExactly("collect", "connect");
  }

  @Test
  void evaluateAloneRethrowsTheRefusalAsItIs() {
    GateRefusedException refusal = new GateRefusedException("worse", Map.of());
    Pipeline p = pipeline("evaluate", refusal);

    assertThat(catchThrowableOfType(GateRefusedException.class, () -> p.run("evaluate", night())))
        .isSameAs(refusal);
  }
}
