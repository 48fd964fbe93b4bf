package org.segmentofone.lookup.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
  private static final ApiConfig CFG =
      new ApiConfig(10, 50, 8, 5, new ApiConfig.Experiment("e", "s", 0.1));

  @Test
  void limitDefaultsIsCappedAndRefusesNonPositiveOrNonNumbers() {
    assertThat(params(Map.of()).limit()).isEqualTo(10);
    assertThat(params(Map.of("limit", List.of("7"))).limit()).isEqualTo(7);
    assertThat(params(Map.of("limit", List.of("51"))).limit()).isEqualTo(50);
    assertThat(params(Map.of("limit", List.of("99999999999999999999"))).limit()).isEqualTo(50);
    for (String bad : List.of("0", "-3", "2.5", "", "1e3")) {
      assertThatThrownBy(() -> params(Map.of("limit", List.of(bad))).limit())
          .isInstanceOf(ApiException.class)
          .hasMessage("limit must be a whole number from 1 to 50, got '" + bad + "'")
          .extracting(e -> ((ApiException) e).status())
          .isEqualTo(400);
    }
  }

  @Test
  void idsAreLimitedInLengthAndCharacters() {
    Params p = params(Map.of());
    assertThat(p.id("id", "a-Z_9.:@")).isEqualTo("a-Z_9.:@");
    assertThat(p.id("id", "+=~|/")).isEqualTo("+=~|/");
    assertThatThrownBy(() -> p.id("id", "123456789"))
        .hasMessage("id must be at most 8 characters, got 9");
    assertThatThrownBy(() -> p.id("id", "")).hasMessage("id must not be empty");
    assertThatThrownBy(() -> p.id("id", "a<b"))
        .hasMessage(
            "id may hold only letters, digits and - _ . : @ + = ~ | / (a '+' must be sent as %2B),"
                + " got '<' at position 2");
    assertThatThrownBy(() -> p.id("id", "é")).hasMessageEndingWith("got U+00E9 at position 1");
    assertThatThrownBy(() -> p.id("id", "a\nb")).hasMessageEndingWith("got U+000A at position 2");
  }

  @Test
  void unknownAndRepeatedParametersAreRefused() {
    assertThatThrownBy(() -> Params.of(Map.of("x\u0007y", List.of("1")), CFG, Set.of("limit")))
        .hasMessage("unknown parameter 'x?y' (allowed: limit)");
    assertThatThrownBy(() -> params(Map.of("limit", List.of("1", "2"))).limit())
        .hasMessage("limit must be given once, got 2 values");
  }

  private static Params params(Map<String, List<String>> values) {
    return Params.of(values, CFG, Set.of("limit", "id"));
  }
}
