package io.emojireactions.apps.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchBodyTest {

  private static List<String> split(String body) throws Exception {
    return BatchBody.split(body.getBytes(StandardCharsets.UTF_8)).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void arrayElementsKeepTheirExactBytesIncludingNonObjects() throws Exception {
    String a = "{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\"}";
    String b = "{ \"user_id\" : \"u2\", \"nested\": {\"x\":[1,2]}, \"emoji_type\":\"❤\",\"timestamp\":1761777060000 }";
    assertThat(split(" [" + a + ",\n  " + b + " , 42, \"text\", [1] , null]\n"))
        .containsExactly(a, b, "42", "\"text\"", "[1]", "null");
    assertThat(split("[]")).isEmpty();
  }

  @Test
  void ndjsonLinesAreRecordsAndBlankLinesAreIgnored() throws Exception {
    assertThat(split("{\"a\":1}\r\n\n   \n{broken\n{\"b\":2}")).containsExactly("{\"a\":1}", "{broken", "{\"b\":2}");
  }

  @Test
  void aBrokenArrayIsOneMalformedBatch() {
    assertThatThrownBy(() -> split("[{\"a\":1}, {\"b\":")).isInstanceOf(BatchBody.MalformedBatchException.class);
    assertThatThrownBy(() -> split("[{\"a\":1}] {}")).isInstanceOf(BatchBody.MalformedBatchException.class)
        .hasMessageContaining("after the closing");
  }
}
