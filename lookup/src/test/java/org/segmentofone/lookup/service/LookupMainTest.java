package org.segmentofone.lookup.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LookupMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpPrintsTheUsageAndExitsZero() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(text(out)).startsWith("Usage: bin/lookup [--conf FILE] [--set key=value]...");
  }

  @Test
  void usageAndConfigurationErrorsExitTwoWithTheReason() throws Exception {
    assertThat(run("--port", "1")).isEqualTo(2);
    assertThat(text(err)).startsWith("unknown argument '--port'");
    err.reset();
    assertThat(run("--conf")).isEqualTo(2);
    assertThat(text(err)).startsWith("--conf needs a value");
    err.reset();
    assertThat(run("--set", "lookup.security.api-keys=")).isEqualTo(2);
    assertThat(text(err))
        .startsWith("configuration error: lookup.security.api-keys must hold at least one key");
  }

  @Test
  void anAddressInUseExitsOneWithTheReason() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      int code =
          run(
              "--set", "lookup.security.api-keys=0123456789abcdef",
              "--set", "lookup.server.port=" + taken.getLocalPort(),
              "--set", "lookup.warehouse=target/no-warehouse");
      assertThat(code).isEqualTo(1);
      assertThat(text(err)).startsWith("could not start: cannot listen on 127.0.0.1:");
    }
  }

  private int run(String... args) throws InterruptedException {
    return LookupMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream s) {
    return s.toString(StandardCharsets.UTF_8);
  }
}
