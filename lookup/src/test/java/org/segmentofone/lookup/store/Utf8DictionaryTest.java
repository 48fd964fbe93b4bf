package org.segmentofone.lookup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8DictionaryTest {
  @Test
  void eachDistinctStringGetsTheNextCodeOnce() {
    Utf8Dictionary d = new Utf8Dictionary();
    assertThat(d.add("p-a")).isZero();
    assertThat(d.add("p-b")).isEqualTo(1);
    assertThat(d.add("p-a")).isZero();
    assertThat(d.add("")).isEqualTo(2);
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.find("p-b")).isEqualTo(1);
    assertThat(d.find("p-c")).isEqualTo(-1);
    assertThat(d.get(1)).isEqualTo("p-b");
    assertThat(d.get(2)).isEmpty();
  }

  @Test
  void manyEntriesSurviveGrowthAndFreezing() {
    Utf8Dictionary d = new Utf8Dictionary();
    for (int i = 0; i < 200_000; i++) {
      assertThat(d.add("person-" + i)).isEqualTo(i);
    }
    d.freeze();
    assertThat(d.find("person-0")).isZero();
    assertThat(d.find("person-199999")).isEqualTo(199_999);
    assertThat(d.get(123_456)).isEqualTo("person-123456");
    assertThat(d.find("person-200000")).isEqualTo(-1);
    assertThatThrownBy(() -> d.add("new"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dictionary is frozen");
  }

  @Test
  void entriesAreKeptAsUtf8Bytes() {
    Utf8Dictionary d = new Utf8Dictionary();
    d.add("x");
    int code = d.add("café-Ω");
    byte[] utf8 = "café-Ω".getBytes(StandardCharsets.UTF_8);
    assertThat(d.length(code)).isEqualTo(utf8.length);
    byte[] stored = new byte[d.length(code)];
    System.arraycopy(d.blob(), d.start(code), stored, 0, stored.length);
    assertThat(stored).isEqualTo(utf8);
    assertThat(d.get(code)).isEqualTo("café-Ω");
  }
}
