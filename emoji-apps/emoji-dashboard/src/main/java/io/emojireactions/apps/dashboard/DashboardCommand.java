package io.emojireactions.apps.dashboard;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.StopSignal;
import io.emojireactions.apps.dashboard.DashboardServer;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji dashboard}: the live browser dashboard over one output topic, until Ctrl-C.
 *
 * <pre>
 * bin/emoji dashboard --bootstrap-servers 127.0.0.1:9092 --port 8081
 * # open http://127.0.0.1:8081/
 * bin/emoji dashboard --bootstrap-servers 127.0.0.1:9092 --alert-topic ''    # no alert banners
 * </pre>
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = "Serve the live browser dashboard (Server-Sent Events) of one output topic, with sentiment per room and alert banners.")
public final class DashboardCommand implements Callable<Integer> {

  /** Runs {@code emoji dashboard} on its own: {@code java -cp … io.emojireactions.apps.dashboard.DashboardCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new DashboardCommand(), args);
  }

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Dashboard at ";

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8081", description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--topic", defaultValue = "emoji_cluster_1", description = "Output topic to follow. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--alert-topic", defaultValue = "emoji_alerts",
      description = "Alert topic shown as banners once it exists (see `emoji alerts`); empty for none. Default: ${DEFAULT-VALUE}.")
  String alertTopic;

  @Option(names = "--replay-seconds", defaultValue = "120", description = "Start reading this far back. Default: ${DEFAULT-VALUE}.")
  long replaySeconds;

  @Option(names = "--max-rooms-per-window", defaultValue = "1000",
      description = "Rooms shown per window; the counts of further rooms are summed into the room '(other rooms)', so totals "
          + "stay exact and no browser gets more keys than this + 1 rooms per window. Default: ${DEFAULT-VALUE}.")
  int maxRoomsPerWindow;

  @Option(names = "--max-queued-bytes-per-browser", defaultValue = "4194304",
      description = "Bytes of live updates that may wait for one browser; a browser that falls further behind is sent a "
          + "'resync' event and closed, and resumes from its last event id when it reconnects. Default: ${DEFAULT-VALUE}.")
  long maxQueuedBytesPerBrowser;

  /** The validated configuration these flags describe. */
  DashboardServer.Config config() {
    return DashboardServer.Config.builder()
        .host(host)
        .port(port)
        .bootstrapServers(kafka.bootstrapServers())
        .topic(topic)
        .replay(Duration.ofSeconds(Math.max(0, replaySeconds)))
        .kafkaProperties(kafka.properties())
        .alertTopic(alertTopic == null || alertTopic.isEmpty() ? null : alertTopic)
        .maxRoomsPerWindow(maxRoomsPerWindow)
        .maxQueuedBytesPerBrowser(maxQueuedBytesPerBrowser)
        .build();
  }

  @Override
  public Integer call() {
    DashboardServer.Config config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      System.err.println("emoji dashboard: " + e.getMessage());
      return 2;
    }
    try (StopSignal stop = StopSignal.onShutdown("emoji-dashboard-stop");
        DashboardServer server = DashboardServer.start(config)) {
      System.out.println(READY_PREFIX + server.url() + " (topic " + topic + ")");
      System.out.flush();
      stop.requested().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      System.err.println("emoji dashboard: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
