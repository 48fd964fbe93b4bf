package org.segmentofone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.RunDateRule;

class CommandLineTest {
  @Test
  void parsesStageAndOptions() {
    CommandLine c =
        CommandLine.parse(
            "nightly",
            "--conf",
            "conf/local.conf",
            "--run-date",
            "2026-11-22",
            "--set",
            "train.rank=8");
    assertThat(c.stage()).isEqualTo("nightly");
    assertThat(c.conf())
        .hasValueSatisfying(f -> assertThat(f.getPath()).isEqualTo("conf/local.conf"));
    assertThat(c.runDate()).contains(LocalDate.of(2026, 11, 22));
    assertThat(c.overrides()).containsEntry("train.rank", "8");
  }

  @Test
  void helpListsEveryStage() {
    assertThat(CommandLine.parse("--help").help()).isTrue();
    assertThat(CommandLine.parse().help()).isTrue();
    for (String stage : CommandLine.STAGES) {
      assertThat(CommandLine.usage()).contains("  " + stage + " ");
    }
  }

  @Test
  void rejectsUnknownStagesAndOptions() {
    assertThatThrownBy(() -> CommandLine.parse("deploy"))
        .hasMessage(
            "unknown stage 'deploy'; stages: generate, import, collect, connect, consume, train, evaluate, recommend, audit, measure, nightly, forget");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--fast", "yes"))
        .hasMessage("unknown option '--fast'");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--run-date"))
        .hasMessage("--run-date needs a value");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--run-date", "22/11/2026"))
        .hasMessage("--run-date must be YYYY-MM-DD, got '22/11/2026'");
  }

  @Test
  void generatorOptionsBelongToGenerateOnly() {
    assertThat(CommandLine.parse("generate", "--events", "10_000_000").events())
        .contains(10_000_000L);
    assertThatThrownBy(() -> CommandLine.parse("collect", "--events", "10"))
        .hasMessage("--events is only for the generate stage");
    assertThatThrownBy(() -> CommandLine.parse("generate", "--events", "0"))
        .hasMessage("--events must be > 0, got 0");
  }

  @Test
  void aBackfillRangeIsForCollectAndNightly() {
    CommandLine c =
        CommandLine.parse("collect", "--from", "2026-10-01", "--run-date", "2026-11-22");
    assertThat(c.from()).contains(LocalDate.of(2026, 10, 1));
    assertThat(CommandLine.parse("nightly", "--from", "2026-10-01").from()).isPresent();
    assertThatThrownBy(() -> CommandLine.parse("train", "--from", "2026-10-01"))
        .hasMessage("--from is only for the collect and nightly stages");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--from", "October"))
        .hasMessage("--from must be YYYY-MM-DD, got 'October'");
  }

  @Test
  void forgetTakesRepeatedIdsAndAnIdsFileAndNothingElseDoes() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("ids", ".txt");
    java.nio.file.Files.writeString(
        file, "# requests of 2026-11-30\nuser_id:10042\n\n  anonymous_id:dev-9  \n");
    CommandLine c =
        CommandLine.parse(
            "forget",
            "--id",
            "email:jane@example.com",
            "--id",
            "user_id:7",
            "--ids-file",
            file.toString());

    assertThat(c.ids()).containsExactly("email:jane@example.com", "user_id:7");
    assertThat(ForgetRequest.ids(c))
        .containsExactly(
            "email:jane@example.com", "user_id:7", "user_id:10042", "anonymous_id:dev-9");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--id", "user_id:7"))
        .hasMessage("--id is only for the forget stage");
    assertThatThrownBy(
            () -> ForgetRequest.ids(CommandLine.parse("forget", "--ids-file", "/no/such/file")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--ids-file /no/such/file cannot be read");
  }

  @Test
  void importTakesFormatInputAndOutput() {
    CommandLine c =
        CommandLine.parse(
            "import", "--format", "segment", "--input", "/logs", "--output", "/data/imported");
    assertThat(c.format()).contains("segment");
    assertThat(c.input()).contains("/logs");
    assertThat(c.output()).contains("/data/imported");
    assertThatThrownBy(() -> CommandLine.parse("collect", "--format", "segment"))
        .hasMessage("--format is only for the import stage");
    assertThatThrownBy(() -> CommandLine.parse("train", "--output", "x"))
        .hasMessage("--output is only for the generate and import stages");
  }

  @Test
  void runDateComesFromFlagThenRule() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);
    TreeMap<LocalDate, String> parts = new TreeMap<>();
    parts.put(LocalDate.of(2026, 11, 20), "a");
    parts.put(LocalDate.of(2026, 11, 21), "b");
    RunDateRule yesterday = new RunDateRule(RunDateRule.Kind.YESTERDAY, Optional.empty());
    RunDateRule latest = new RunDateRule(RunDateRule.Kind.LATEST_INPUT, Optional.empty());
    assertThat(RunDates.resolve(Optional.of(LocalDate.of(2026, 1, 1)), latest, clock, () -> parts))
        .isEqualTo(LocalDate.of(2026, 1, 1));
    assertThat(RunDates.resolve(Optional.empty(), yesterday, clock, () -> parts))
        .isEqualTo(LocalDate.of(2026, 11, 23));
    assertThat(RunDates.resolve(Optional.empty(), latest, clock, () -> parts))
        .isEqualTo(LocalDate.of(2026, 11, 21));
    assertThatThrownBy(() -> RunDates.resolve(Optional.empty(), latest, clock, TreeMap::new))
        .hasMessage(
            "run.date = latest-input, but the raw events folder has no event_date= partitions");
  }
}
