package org.segmentofone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.evaluate.GateRefusedException;

class LauncherExitCodeTest {
  @Test
  void aRefusalByTheGateExitsWithThreeAndAnyOtherFailureWithOne() {
    assertThat(Launcher.exitCode(new GateRefusedException("worse than popularity", Map.of())))
        .isEqualTo(3);
    assertThat(Launcher.exitCode(new StageFailedException("too many rejects", Map.of())))
        .isEqualTo(1);
    assertThat(Launcher.exitCode(new IllegalStateException("boom"))).isEqualTo(1);
  }
}
