package io.emojireactions.apps.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlRemindersTest {

  private static final List<String> BLOCK = List.of("Ingest: http://127.0.0.1:8080/emoji", "Dashboard: http://127.0.0.1:8081/");
  private static final String REMINDER = "URLs: dashboard http://127.0.0.1:8081/";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> printed() {
    synchronized (out) {
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
  }

  @Test
  void enterPrintsTheBlockAgainAndEndOfInputChangesNothingElse() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    try (UrlReminders r = UrlReminders.start(new PipedInputStream(keyboard), StandardCharsets.UTF_8, out, BLOCK, REMINDER, Duration.ZERO)) {
      keyboard.write("\n".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      Await.until("the block after Enter", Duration.ofSeconds(10), () -> printed().size() == 2);
      assertThat(printed()).isEqualTo(BLOCK);
      keyboard.write("anything\n".getBytes(StandardCharsets.UTF_8));
      keyboard.close(); // end of input, as with nohup or a closed terminal
      Await.until("the block after the second line", Duration.ofSeconds(10), () -> printed().size() == 4);
      assertThat(printed()).containsExactly(BLOCK.get(0), BLOCK.get(1), BLOCK.get(0), BLOCK.get(1));
    }
  }

  @Test
  void remindsEveryIntervalWhateverTheInputDoes() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("not readable");
      }
    };
    try (UrlReminders r = UrlReminders.start(broken, StandardCharsets.UTF_8, out, BLOCK, REMINDER, Duration.ofMillis(50))) {
      Await.until("two reminders", Duration.ofSeconds(10), () -> printed().size() >= 2);
    }
    assertThat(printed()).allMatch(REMINDER::equals);
  }

  @Test
  void aNegativeIntervalIsRefused() {
    assertThatThrownBy(() -> UrlReminders.start(InputStream.nullInputStream(), StandardCharsets.UTF_8, out, BLOCK, REMINDER, Duration.ofSeconds(-1)))
        .hasMessage("every must be >= 0, but was PT-1S");
  }
}
