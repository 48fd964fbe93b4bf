package org.segmentofone.lookup.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityIndexTest {
  @Test
  void eachIdentifierFindsItsPersonUnderItsOwnTypeOnly() {
    IdentityIndex.Builder b = new IdentityIndex.Builder(3);
    b.add(IdType.USER_ID, "cust-7", 3);
    b.add(IdType.ANONYMOUS_ID, "cust-7", 9);
    b.add(IdType.EMAIL_HASH, "ab12", 3);
    IdentityIndex index = b.build();

    assertThat(index.person(IdType.USER_ID, "cust-7")).isEqualTo(3);
    assertThat(index.person(IdType.ANONYMOUS_ID, "cust-7")).isEqualTo(9);
    assertThat(index.person(IdType.EMAIL_HASH, "ab12")).isEqualTo(3);
    assertThat(index.person(IdType.EMAIL_HASH, "cust-7")).isEqualTo(-1);
    assertThat(index.size()).isEqualTo(3);
  }

  @Test
  void aMillionIdentifiersAreAllFoundAndStrangersAreNot() {
    int n = 1_000_000;
    IdentityIndex.Builder b = new IdentityIndex.Builder(n);
    for (int i = 0; i < n; i++) {
      b.add(IdType.ANONYMOUS_ID, "anon-" + i, i / 3);
    }
    IdentityIndex index = b.build();
    for (int i = 0; i < n; i += 997) {
      assertThat(index.person(IdType.ANONYMOUS_ID, "anon-" + i)).isEqualTo(i / 3);
    }
    for (int i = n; i < n + 10_000; i++) {
      assertThat(index.person(IdType.ANONYMOUS_ID, "anon-" + i)).isEqualTo(-1);
    }
    // 12 bytes an identifier plus about 2 of bucket offsets.
    assertThat(index.bytes()).isLessThan(16L * n);
  }

  @Test
  void moreOrFewerIdentifiersThanCountedAreRefused() {
    IdentityIndex.Builder b = new IdentityIndex.Builder(1);
    assertThatThrownBy(b::build).hasMessage("the table changed between the two passes of the load");
    b.add(IdType.USER_ID, "a", 0);
    assertThatThrownBy(() -> b.add(IdType.USER_ID, "b", 1))
        .hasMessage("the table changed between the two passes of the load");
  }

  @Test
  void emailHashesAreMatchedInLowerCase() {
    assertThat(IdType.EMAIL_HASH.normalise("AbC")).isEqualTo("abc");
    assertThat(IdType.USER_ID.normalise("AbC")).isEqualTo("AbC");
  }
}
