package io.emojireactions.apps.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageIdTest {

  @Test
  void messageIdsAreDistinctVersion4RandomUuids() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = IngestHandler.newMessageId();
      UUID u = UUID.fromString(id);
      assertThat(u.version()).isEqualTo(4);
      assertThat(u.variant()).isEqualTo(2); // IETF variant, as UUID.randomUUID()
      assertThat(u.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(100_000);
  }
}
