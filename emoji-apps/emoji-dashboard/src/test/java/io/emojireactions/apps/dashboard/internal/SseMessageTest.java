package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SseMessageTest {

  @Test
  void encodesTheFieldsAndOneDataLinePerLineOfData() {
    assertThat(SseMessage.of("updates", "e1-7", "{\"a\":1}", true).toString()).isEqualTo("id: e1-7\nevent: updates\ndata: {\"a\":1}\n\n");
    assertThat(SseMessage.of("alert", null, "x\ny\r\nz\rw", false).toString())
        .isEqualTo("event: alert\ndata: x\ndata: y\ndata: z\ndata: w\n\n");
    assertThat(SseMessage.of(null, null, "", false).toString()).isEqualTo("data: \n\n");
    assertThat(SseMessage.retry(1_000).toString()).isEqualTo("retry: 1000\n\n");
    assertThat(SseMessage.of("updates", null, "😂", true).size()).isEqualTo("event: updates\ndata: 😂\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  @Test
  void eachViewReadsTheWholeMessageOnItsOwn() {
    SseMessage m = SseMessage.of("updates", "e1-1", "abc", true);
    m.view().position(5);
    assertThat(m.view().remaining()).isEqualTo(m.size());
  }

  @Test
  void aLineBreakInAFieldIsRefused() {
    assertThatThrownBy(() -> SseMessage.of("up\ndates", null, "x", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("event must not hold a line break, but was 'up\ndates'");
  }
}
