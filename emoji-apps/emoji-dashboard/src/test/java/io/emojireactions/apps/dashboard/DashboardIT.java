package io.emojireactions.apps.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.alerts.Alert;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowSentiment;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import java.io.File;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, nothing
 * downloaded): counts produced to a real broker appear max-merged on the page, live updates
 * follow, the room selector filters, each room's sentiment line shows core's {@link WindowSentiment}
 * of its current window, an alert published once the alert topic exists appears as a dismissable
 * banner, a second browser joining mid-stream shows the same state, and {@code /events} (one
 * {@code updates} message per batch) resumes after {@code Last-Event-ID} with exactly what was missed.
 * Leaves a screenshot at {@code target/dashboard-it.png}.
 */
class DashboardIT {

  private static final String TOPIC = "emoji_cluster_1";
  private static final String ALERT_TOPIC = "emoji_alerts";

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @BeforeAll
  static void createTopic() {
    KAFKA.cluster().createTopic(TOPIC, 2, 1, Map.of());
  }

  private static void produceAlert(Alert alert) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(ALERT_TOPIC, alert.id(), alert.toJsonBytes()));
      producer.flush();
    }
  }

  /** The sentiment lines, room → [data-sentiment, shown text, data-unscored]; one script call. */
  @SuppressWarnings("unchecked")
  private static Map<String, List<String>> sentimentLines(WebDriver driver) {
    List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#sentiment li')].map(li => [li.dataset.room, li.dataset.sentiment,"
            + " li.querySelector('.value').textContent, li.dataset.unscored]);");
    Map<String, List<String>> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put(r.get(0), r.subList(1, 4)));
    return out;
  }

  /** What the page must show for a window's sentiment: the exact value, its text, the unscored share. */
  private static List<String> expectedLine(List<WindowedCount> window) {
    WindowSentiment s = SentimentLexicon.emojiSentimentRanking().sentiment(window).get(0);
    double v = s.sentiment().orElseThrow();
    String text = (v > 0 ? "+" : "") + new BigDecimal(v).setScale(3, RoundingMode.HALF_UP).toPlainString();
    return List.of(Double.toString(v), text, Double.toString(s.unscoredShare()));
  }

  /** The value as the page's JS wrote it (String(number)), read back as the same double. */
  private static List<String> normalized(List<String> line) {
    if (line == null) {
      return null;
    }
    return List.of(Double.toString(Double.parseDouble(line.get(0))), line.get(1), Double.toString(Double.parseDouble(line.get(2))));
  }

  private static void produce(List<WindowedCount> counts) {
    produce(TOPIC, counts);
  }

  private static void produce(String topic, List<WindowedCount> counts) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (WindowedCount c : counts) {
        producer.send(new ProducerRecord<>(topic, WindowedCountJson.key(c.room(), c.emoji()), WindowedCountJson.toJson(c)));
      }
      producer.flush();
    }
  }

  private static WindowedCount wc(String room, long start, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(start, start + 2000), emoji, n, n > 1000 ? n : 1, false);
  }

  /** The table's rows, emoji → count, in page order; read in one script call (the page re-renders it). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> table(WebDriver driver) {
    List<List<String>> rows = (List<List<String>>) ((JavascriptExecutor) driver).executeScript(
        "return [...document.querySelectorAll('#counts tbody tr')].map(tr => [tr.dataset.emoji, tr.querySelector('.count').textContent]);");
    Map<String, String> out = new LinkedHashMap<>();
    rows.forEach(r -> out.put(r.get(0), r.get(1)));
    return out;
  }

  @Test
  void pageShowsMaxMergedCountsOfTheCurrentWindowLiveAndPerRoom(@TempDir Path profile) throws Exception {
    long now = System.currentTimeMillis();
    long current = now - Math.floorMod(now, 2000);
    long previous = current - 2000;
    produce(List.of(
        wc("global", previous, "😂", 40),
        wc("global", current, "😂", 10),
        wc("global", current, "😂", 25), // a later update of the same key: 25 wins
        wc("global", current, "😂", 12), // an out-of-order repeat: still 25
        wc("room-1", current, "😂", 5),
        wc("global", current, "❤️", 7),
        wc("room-1", current, "🔥", 1200)));

    try (DashboardServer server = DashboardServer.start(
        DashboardServer.Config.builder().host("127.0.0.1").port(0).bootstrapServers(KAFKA.bootstrapServers()).topic(TOPIC)
            .replay(Duration.ofMinutes(10)).alertTopic(ALERT_TOPIC).build())) {
      Await.until("the dashboard to read the topic", Duration.ofSeconds(60), () -> server.lastEventId() >= 6);

      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary("/usr/bin/chromium");
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-background-networking", "--no-first-run", "--window-size=1200,800", "--user-data-dir=" + profile);
      WebDriver driver = new ChromeDriver(service, options);
      try {
        driver.get(server.url());
        Await.until("all rooms' current window on the page", Duration.ofSeconds(30),
            () -> table(driver).equals(Map.of("🔥", "1200", "😂", "30", "❤️", "7")), () -> table(driver).toString());
        assertThat(table(driver).keySet()).as("sorted by count").containsExactly("🔥", "😂", "❤️");
        assertThat(driver.findElement(By.id("conn")).getText()).isEqualTo("live");
        assertThat(driver.findElement(By.id("total")).getText()).isEqualTo("1237");
        assertThat(driver.findElements(By.cssSelector("#chart polyline"))).hasSize(3);

        // Sentiment per room of its current window, exactly core's WindowSentiment of the merged counts.
        List<String> global = expectedLine(List.of(wc("global", current, "😂", 25), wc("global", current, "❤️", 7)));
        List<String> room1 = expectedLine(List.of(wc("room-1", current, "😂", 5), wc("room-1", current, "🔥", 1200)));
        Await.until("the sentiment lines", Duration.ofSeconds(30),
            () -> global.equals(normalized(sentimentLines(driver).get("global"))) && room1.equals(normalized(sentimentLines(driver).get("room-1"))),
            () -> sentimentLines(driver) + " expected global " + global + ", room-1 " + room1);
        assertThat(sentimentLines(driver).keySet()).containsExactly("global", "room-1");

        produce(List.of(wc("global", current, "😂", 31), wc("global", current, "👍", 2)));
        Await.until("a live update", Duration.ofSeconds(30),
            () -> table(driver).equals(Map.of("🔥", "1200", "😂", "36", "❤️", "7", "👍", "2")), () -> table(driver).toString());
        List<String> globalAfter = expectedLine(List.of(wc("global", current, "😂", 31), wc("global", current, "❤️", 7), wc("global", current, "👍", 2)));
        Await.until("global's sentiment after the update", Duration.ofSeconds(30),
            () -> globalAfter.equals(normalized(sentimentLines(driver).get("global"))), () -> sentimentLines(driver) + " expected " + globalAfter);

        // A second browser (a new tab: its own EventSource) joins mid-stream: the same state at once.
        String firstTab = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(server.url());
        Await.until("the joining browser's table", Duration.ofSeconds(30),
            () -> table(driver).equals(Map.of("🔥", "1200", "😂", "36", "❤️", "7", "👍", "2")), () -> table(driver).toString());
        Await.until("the joining browser's sentiment", Duration.ofSeconds(30),
            () -> globalAfter.equals(normalized(sentimentLines(driver).get("global"))), () -> sentimentLines(driver) + " expected " + globalAfter);
        driver.close();
        driver.switchTo().window(firstTab);

        // The alert topic appears only now (as when `emoji alerts` starts after the dashboard).
        assertThat(driver.findElements(By.cssSelector("#alerts .alert"))).isEmpty();
        KAFKA.cluster().createTopic(ALERT_TOPIC, 1, 1, Map.of("cleanup.policy", "compact"));
        Alert spike = new Alert(Alert.Kind.SPIKE, "room-1", "🔥", new TimeWindow(current, current + 2000), 1200, 7.7, 0.5, 34.7);
        produceAlert(spike);
        Await.until("the alert banner", Duration.ofSeconds(60),
            () -> !driver.findElements(By.cssSelector("#alerts .alert")).isEmpty());
        var banner = driver.findElement(By.cssSelector("#alerts .alert"));
        assertThat(banner.getAttribute("data-id")).isEqualTo(spike.id());
        assertThat(banner.findElement(By.cssSelector(".text")).getText())
            .contains("Spike of 🔥 in room-1: 1200").contains("baseline 7.7").contains("z 34.7");
        banner.findElement(By.cssSelector(".dismiss")).click();
        Await.until("the banner dismissed", Duration.ofSeconds(10), () -> driver.findElements(By.cssSelector("#alerts .alert")).isEmpty());
        assertThat(server.recentAlerts()).containsExactly(spike.toJson());

        new Select(driver.findElement(By.id("room"))).selectByValue("room-1");
        Await.until("room-1 alone", Duration.ofSeconds(10),
            () -> table(driver).equals(Map.of("🔥", "1200", "😂", "5")), () -> table(driver).toString());

        new Select(driver.findElement(By.id("room"))).selectByValue("*");
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), Path.of("target", "dashboard-it.png"), StandardCopyOption.REPLACE_EXISTING);
      } finally {
        driver.quit();
      }

      // 6 changes first (the repeat of 12 changed nothing), then 2 more, each change numbered
      // however the subscriber's messages were batched. A client that saw change 6 resumes with one
      // message: exactly the two keys it missed, id 8; a new one gets the whole state (one entry
      // per key, the last change being 8) in one message.
      assertThat(server.lastEventId()).isEqualTo(8);
      String epoch = server.eventEpoch();
      Sse resumed = firstUpdates(server, epoch + "-6");
      assertThat(resumed.id()).isEqualTo(epoch + "-8");
      assertThat(counts(resumed)).containsExactly(wc("global", current, "😂", 31), wc("global", current, "👍", 2));
      Sse fresh = firstUpdates(server, null);
      assertThat(fresh.id()).isEqualTo(epoch + "-8");
      assertThat(counts(fresh)).containsExactlyInAnyOrder(wc("global", previous, "😂", 40), wc("global", current, "😂", 31),
          wc("room-1", current, "😂", 5), wc("global", current, "❤️", 7), wc("room-1", current, "🔥", 1200), wc("global", current, "👍", 2));
    }
  }

  /**
   * A browser that saw a dashboard's first six changes resumes, after that dashboard restarted, on
   * the new process: whose sequence numbers count other changes (it replays less of the topic). A
   * bare sequence number would get it the new process's changes after 6, a gap of six keys; the
   * epoch in the id gets it the full state instead.
   */
  @Test
  void aBrowserResumingAcrossARestartGetsTheFullStateNotAGap() throws Exception {
    String topic = "emoji_cluster_restart";
    KAFKA.cluster().createTopic(topic, 1, 1, Map.of());
    long start = System.currentTimeMillis() - Math.floorMod(System.currentTimeMillis(), 2000);
    List<WindowedCount> before = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      before.add(wc("room-" + i, start, "😂", i + 1));
    }
    produce(topic, before);
    DashboardServer.Config config = DashboardServer.Config.builder().host("127.0.0.1").port(0)
        .bootstrapServers(KAFKA.bootstrapServers()).topic(topic).alertTopic(null).replay(Duration.ofMinutes(10)).build();
    String seen;
    String firstEpoch;
    try (DashboardServer first = DashboardServer.start(config)) {
      Await.until("the first dashboard to read six changes", Duration.ofSeconds(60), () -> first.lastEventId() == 6);
      Sse m = firstUpdates(first, null);
      assertThat(counts(m)).containsExactlyInAnyOrderElementsOf(before);
      seen = m.id();
      firstEpoch = first.eventEpoch();
      assertThat(seen).isEqualTo(firstEpoch + "-6");
    }
    // The restarted dashboard starts from now: it numbers only the eight changes produced after it started.
    try (DashboardServer second = DashboardServer.start(config.toBuilder().replay(Duration.ZERO).build())) {
      assertThat(second.eventEpoch()).isNotEqualTo(firstEpoch);
      List<WindowedCount> after = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        after.add(wc("room-" + i, start, "🔥", 100 + i));
      }
      produce(topic, after);
      Await.until("the restarted dashboard to read eight changes", Duration.ofSeconds(60), () -> second.lastEventId() == 8);
      Sse resumed = firstUpdates(second, seen);
      assertThat(resumed.id()).isEqualTo(second.eventEpoch() + "-8");
      assertThat(counts(resumed)).as("the full state, not the changes after 6").containsExactlyInAnyOrderElementsOf(after);
      // The same holds for an id without epoch (a browser of an older dashboard).
      assertThat(counts(firstUpdates(second, "6"))).containsExactlyInAnyOrderElementsOf(after);
      // While an id of this process still resumes exactly after it.
      Sse exact = firstUpdates(second, second.eventEpoch() + "-6");
      assertThat(counts(exact)).containsExactlyElementsOf(second.snapshot().subList(6, 8));
    }
  }

  /** One SSE message. */
  private record Sse(String event, String id, String data) {}

  private static List<WindowedCount> counts(Sse m) throws Exception {
    List<WindowedCount> out = new ArrayList<>();
    for (JsonNode c : new ObjectMapper().readTree(m.data()).get("counts")) {
      out.add(WindowedCountJson.fromJson(c.toString()));
    }
    return out;
  }

  /** The first {@code updates} message of a new {@code /events} stream. */
  private static Sse firstUpdates(DashboardServer server, String lastEventId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + "events")).timeout(Duration.ofSeconds(20));
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> resp = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = resp.body()) {
      Iterator<String> it = lines.iterator();
      String event = "message";
      String id = null;
      String data = null;
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("data:")) {
          data = line.substring(5).trim();
        } else if (line.isEmpty()) {
          if (event.equals("updates") && data != null) {
            return new Sse(event, id, data);
          }
          event = "message";
          id = null;
          data = null;
        }
      }
    }
    throw new AssertionError("no updates event on " + server.url() + "events");
  }
}
