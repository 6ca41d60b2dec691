package io.emojireactions.apps.dashboard;

import static io.emojireactions.apps.internal.Checks.requireText;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.apps.dashboard.internal.BatchFeed;
import io.emojireactions.apps.dashboard.internal.EventHub;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.InvalidMessageException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import java.time.Instant;
import java.util.UUID;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The live browser dashboard: follows one output topic ({@code emoji_cluster_1} by default) with
 * emoji-pubsub's {@link Subscriber}, max-merges the window counts, and serves a page ({@code /}) that receives them over
 * Server-Sent Events ({@code /events}, each event with an id; a reconnecting browser resumes
 * with {@code Last-Event-ID}). Also {@code /api/state} (the merged counts as a JSON array) and
 * {@code /health}. With an alert topic it also follows that topic, once it exists, and pushes each
 * alert over the same stream as an {@code alert} event. Counts reach the browsers in batches:
 * whatever the subscriber delivered while the previous batch was being sent becomes one {@code
 * updates} event (the changed counts and their (room, window)s' sentiments, id = its last
 * sequence number; see {@link EventHub}), so a busy dashboard sends fewer, larger messages. Static files come from {@code src/main/resources/dashboard}. Undertow core
 * (no servlet, no Netty). Thread-safe.
 */
public final class DashboardServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  /** How long a browser that fell behind has to read its resync event before its connection is closed anyway. */
  private static final Duration SLOW_BROWSER_GRACE = Duration.ofSeconds(10);
  private static final long LINGER_NANOS_PER_BROWSER = 2_000;
  private static final long MAX_LINGER_NANOS = 20_000_000;

  /**
   * Settings of one dashboard: immutable, validated by {@link Builder#build()}, whose messages name
   * the field and the value. Build with {@link #builder()} (only the bootstrap servers have no
   * default), copy with {@link #toBuilder()}. A class rather than a record so that a new setting
   * never breaks a caller; the {@code emoji dashboard} flags, environment and config file map onto
   * the builder.
   *
   * <p>{@link #toString()} shows the names of the Kafka properties but never their values, which
   * may be secrets.
   */
  public static final class Config {

    private final String host;
    private final int port;
    private final String bootstrapServers;
    private final String topic;
    private final Duration replay;
    private final Map<String, String> kafkaProperties;
    private final String alertTopic;
    private final int maxRoomsPerWindow;
    private final long maxQueuedBytesPerBrowser;

    private Config(Builder b, Map<String, String> kafkaProperties) {
      this.host = b.host;
      this.port = b.port;
      this.bootstrapServers = b.bootstrapServers;
      this.topic = b.topic;
      this.replay = b.replay;
      this.kafkaProperties = kafkaProperties;
      this.alertTopic = b.alertTopic;
      this.maxRoomsPerWindow = b.maxRoomsPerWindow;
      this.maxQueuedBytesPerBrowser = b.maxQueuedBytesPerBrowser;
    }

    /**
     * A builder holding the defaults: all interfaces, port 8081, {@code emoji_cluster_1}, two minutes
     * of replay, no further Kafka properties, no alert topic. The bootstrap servers must be set.
     */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding this config's settings, to derive a changed copy. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** The address to listen on. */
    public String host() {
      return host;
    }

    /** The HTTP port; 0 picks a free one. */
    public int port() {
      return port;
    }

    /** Kafka to read from. */
    public String bootstrapServers() {
      return bootstrapServers;
    }

    /** The output topic to follow. */
    public String topic() {
      return topic;
    }

    /** How far back to start reading. */
    public Duration replay() {
      return replay;
    }

    /** Further Kafka client properties (security etc.); unmodifiable. */
    public Map<String, String> kafkaProperties() {
      return kafkaProperties;
    }

    /** The alert topic whose alerts become the page's banners, or null for none. */
    public String alertTopic() {
      return alertTopic;
    }

    /**
     * The rooms shown per window; the counts of further rooms are summed into the room
     * {@value RoomCap#OVERFLOW_ROOM} ({@link RoomCap} has the rule).
     */
    public int maxRoomsPerWindow() {
      return maxRoomsPerWindow;
    }

    /**
     * The bytes of live updates that may wait for one browser; one that falls further behind is
     * sent a {@code resync} event and closed, and resumes from its last event id when it reconnects.
     */
    public long maxQueuedBytesPerBrowser() {
      return maxQueuedBytesPerBrowser;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c
          && maxRoomsPerWindow == c.maxRoomsPerWindow
          && maxQueuedBytesPerBrowser == c.maxQueuedBytesPerBrowser
          && host.equals(c.host)
          && port == c.port
          && bootstrapServers.equals(c.bootstrapServers)
          && topic.equals(c.topic)
          && replay.equals(c.replay)
          && kafkaProperties.equals(c.kafkaProperties)
          && Objects.equals(alertTopic, c.alertTopic);
    }

    @Override
    public int hashCode() {
      return Objects.hash(host, port, bootstrapServers, topic, replay, kafkaProperties, alertTopic, maxRoomsPerWindow, maxQueuedBytesPerBrowser);
    }

    /** Every setting, with the Kafka properties' names only: their values may be passwords or JAAS configs. */
    @Override
    public String toString() {
      return "DashboardServer.Config[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers
          + ", topic=" + topic + ", replay=" + replay + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet())
          + ", alertTopic=" + alertTopic + ", maxRoomsPerWindow=" + maxRoomsPerWindow + ", maxQueuedBytesPerBrowser=" + maxQueuedBytesPerBrowser + "]";
    }

    /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
      /** The default of {@link #maxQueuedBytesPerBrowser(long)}: 4 MiB. */
      public static final long DEFAULT_MAX_QUEUED_BYTES_PER_BROWSER = 4L << 20;
      private String host = "0.0.0.0";
      private int port = 8081;
      private String bootstrapServers;
      private String topic = "emoji_cluster_1";
      private Duration replay = Duration.ofMinutes(2);
      private Map<String, String> kafkaProperties = Map.of();
      private String alertTopic;
      private int maxRoomsPerWindow = RoomCap.DEFAULT_MAX_ROOMS;
      private long maxQueuedBytesPerBrowser = DEFAULT_MAX_QUEUED_BYTES_PER_BROWSER;

      private Builder() {}

      private Builder(Config c) {
        this.host = c.host;
        this.port = c.port;
        this.bootstrapServers = c.bootstrapServers;
        this.topic = c.topic;
        this.replay = c.replay;
        this.kafkaProperties = c.kafkaProperties;
        this.alertTopic = c.alertTopic;
        this.maxRoomsPerWindow = c.maxRoomsPerWindow;
        this.maxQueuedBytesPerBrowser = c.maxQueuedBytesPerBrowser;
      }

      /** The address to listen on ({@code 0.0.0.0} for all). Default {@code 0.0.0.0}; not blank. */
      public Builder host(String value) {
        this.host = value;
        return this;
      }

      /** The HTTP port. Default 8081; 0..65535, 0 picks a free one. */
      public Builder port(int value) {
        this.port = value;
        return this;
      }

      /** Kafka to read from, {@code host:port[,host:port…]}. No default: required, not blank. */
      public Builder bootstrapServers(String value) {
        this.bootstrapServers = value;
        return this;
      }

      /** The output topic to follow. Default {@code emoji_cluster_1}; not blank. */
      public Builder topic(String value) {
        this.topic = value;
        return this;
      }

      /** How far back to start reading (the page shows up to about two minutes). Default 2 min; {@code >= 0}. */
      public Builder replay(Duration value) {
        this.replay = value;
        return this;
      }

      /** Further Kafka client properties (security etc.). Default none; no null key or value. */
      public Builder kafkaProperties(Map<String, String> value) {
        this.kafkaProperties = value;
        return this;
      }

      /**
       * The alert topic to follow for the page's banners, once it exists. Default null, no banners;
       * when set, not blank.
       */
      public Builder alertTopic(String value) {
        this.alertTopic = value;
        return this;
      }

      /**
       * The rooms shown per window; further rooms' counts are summed into the room
       * {@value RoomCap#OVERFLOW_ROOM}, so no client can make every browser hold millions of keys.
       * Default {@value RoomCap#DEFAULT_MAX_ROOMS}; {@code >= 1}.
       */
      public Builder maxRoomsPerWindow(int value) {
        this.maxRoomsPerWindow = value;
        return this;
      }

      /**
       * The bytes of live updates that may wait for one browser before it is told to resync and
       * closed. Default {@value #DEFAULT_MAX_QUEUED_BYTES_PER_BROWSER} (4 MiB); {@code >= 1}. A
       * single update larger than this is still delivered to a browser that is keeping up.
       */
      public Builder maxQueuedBytesPerBrowser(long value) {
        this.maxQueuedBytesPerBrowser = value;
        return this;
      }

      /**
       * The config.
       *
       * @throws IllegalArgumentException naming the first invalid field and its value
       */
      public Config build() {
        if (host == null || host.isBlank()) {
          throw new IllegalArgumentException("host must not be blank, but was " + (host == null ? "null" : "'" + host + "'"));
        }
        if (port < 0 || port > 65_535) {
          throw new IllegalArgumentException("port must be in 0..65535, but was " + port);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
          throw new IllegalArgumentException("bootstrapServers must not be blank, but was "
              + (bootstrapServers == null ? "null" : "'" + bootstrapServers + "'"));
        }
        requireText("topic", topic);
        if (replay == null || replay.isNegative()) {
          throw new IllegalArgumentException("replay must be >= 0, but was " + replay);
        }
        if (kafkaProperties == null) {
          throw new IllegalArgumentException("kafkaProperties must be a map, but was null");
        }
        for (Map.Entry<String, String> e : kafkaProperties.entrySet()) {
          if (e.getKey() == null) {
            throw new IllegalArgumentException("kafkaProperties keys must not be null");
          }
          if (e.getValue() == null) {
            throw new IllegalArgumentException("kafkaProperties value of '" + e.getKey() + "' must not be null");
          }
        }
        if (alertTopic != null) {
          requireText("alertTopic", alertTopic);
        }
        if (maxRoomsPerWindow < 1) {
          throw new IllegalArgumentException("maxRoomsPerWindow must be >= 1, but was " + maxRoomsPerWindow);
        }
        if (maxQueuedBytesPerBrowser < 1) {
          throw new IllegalArgumentException("maxQueuedBytesPerBrowser must be >= 1, but was " + maxQueuedBytesPerBrowser);
        }
        return new Config(this, Map.copyOf(kafkaProperties));
      }
    }
  }

  private final EventHub hub;
  private final Subscriber subscriber;
  private final BatchFeed<WindowedCount> feed;
  private final AtomicLong badMessages = new AtomicLong();
  private final Thread reader;
  private final AlertFollower alerts;
  private final Undertow undertow;
  private final int port;
  private final Config config;

  private DashboardServer(Config config) {
    this.config = config;
    this.hub = new EventHub(50_000, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(config.maxRoomsPerWindow()));
    // Each batch costs one write per browser: with many browsers, wait a little for the rest of a
    // burst of messages (2 µs per browser, at most 20 ms: 10,000 browsers, one write each per 20 ms).
    this.feed = new BatchFeed<>("emoji-dashboard-fanout", 50_000, 5_000,
        () -> Math.min(MAX_LINGER_NANOS, hub.connections() * LINGER_NANOS_PER_BROWSER), hub::acceptCounts);
    // Its own consumer group per run, starting `replay` back: the page's state lives in memory and
    // is rebuilt from the replay, so there is no checkpoint worth resuming from.
    this.subscriber = Subscriber.create(
        SubscriberConfig.builder()
            .kafka(new KafkaConnection(config.bootstrapServers(), config.kafkaProperties()))
            .topic(config.topic())
            .groupId("emoji-dashboard-" + UUID.randomUUID())
            .startFrom(StartFrom.at(Instant.now().minus(config.replay())))
            .pollTimeout(Duration.ofMillis(100))
            .build());
    // A message that is not the output contract is logged with its reason, counted (/health's
    // bad_messages) and skipped, never dead-lettered: each dashboard replays the topic in a group of
    // its own, so a dead letter would be written again by every dashboard at every start.
    // It only queues: merging and sending happen on the feed's thread, one batch at a time.
    this.reader = new Thread(() -> subscriber.run(message -> {
      WindowedCount count;
      try {
        count = message.count();
      } catch (InvalidMessageException e) {
        badMessages.incrementAndGet();
        LOG.warn("{}-{}@{} skipped by the dashboard: {}: {}", message.topic(), message.partition(), message.offset(), e.reason(),
            e.getMessage());
        return;
      }
      feed.offer(count);
    }), "emoji-dashboard-subscriber");
    reader.setDaemon(true);
    this.alerts = config.alertTopic() == null ? null
        : new AlertFollower(new KafkaConnection(config.bootstrapServers(), config.kafkaProperties()), config.alertTopic(), config.replay(),
            hub::acceptAlert);
    ResourceHandler files = Handlers.resource(new ClassPathResourceManager(DashboardServer.class.getClassLoader(), "dashboard"))
        .setWelcomeFiles("index.html");
    HttpHandler state = exchange -> {
      ArrayNode arr = JSON.createArrayNode();
      for (WindowedCount c : hub.snapshot()) {
        arr.add(JSON.readTree(WindowedCountJson.toJson(c)));
      }
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseSender().send(arr.toString());
    };
    HttpHandler health = exchange -> {
      ObjectNode n = JSON.createObjectNode();
      n.put("status", "UP");
      n.put("topic", config.topic());
      n.put("last_event_id", hub.lastEventId());
      n.put("event_epoch", hub.epoch()); // event ids are epoch-sequence
      n.put("resynced_connections", hub.resyncedStreams()); // browsers that fell behind and were told to resync
      n.put("update_messages", hub.messagesSent()); // batched: fewer than changes when busy
      n.put("connections", hub.connections());
      n.put("bad_messages", badMessages());
      n.put("alert_topic", config.alertTopic());
      n.put("bad_alerts", hub.badAlerts());
      n.put("max_rooms_per_window", config.maxRoomsPerWindow());
      n.put("folded_messages", hub.foldedMessages()); // changes summed into the overflow room
      n.put("uncounted_reactions", hub.uncountedReactions()); // 0 unless a window's folded keys hit their bound
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
      exchange.getResponseSender().send(n.toString());
    };
    HttpHandler routes = Handlers.path(files)
        .addExactPath("/events", hub.endpoint(config.maxQueuedBytesPerBrowser(), SLOW_BROWSER_GRACE))
        .addExactPath("/api/state", state)
        .addExactPath("/health", health);
    // Read-only: the page, its state and its events are served to GET and HEAD; any other method
    // is 405 on every path, so nothing can be written through the dashboard.
    HttpHandler readOnly = exchange -> {
      if (exchange.getRequestMethod().equals(io.undertow.util.Methods.GET) || exchange.getRequestMethod().equals(io.undertow.util.Methods.HEAD)) {
        routes.handleRequest(exchange);
      } else {
        exchange.setStatusCode(405);
        exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
        exchange.endExchange();
      }
    };
    this.undertow = Undertow.builder().addHttpListener(config.port(), config.host()).setHandler(readOnly).build();
    try {
      undertow.start();
    } catch (RuntimeException e) { // e.g. the port is taken: leave no thread or Kafka client behind
      feed.close(Duration.ofSeconds(1));
      subscriber.close();
      throw e;
    }
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    reader.start();
    if (alerts != null) {
      alerts.start();
    }
  }

  /** Starts reading the topic and serving the page. */
  public static DashboardServer start(Config config) {
    return new DashboardServer(Objects.requireNonNull(config, "config"));
  }

  public int port() {
    return port;
  }

  /** The page's URL, with 127.0.0.1 for a wildcard host. */
  public String url() {
    String h = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    return "http://" + h + ":" + port + "/";
  }

  /** The id of the last event sent (0 before the first). */
  public long lastEventId() {
    return hub.lastEventId();
  }

  /**
   * This process's event epoch: every event id is {@code epoch-sequence}, so a browser resuming
   * with an id of an earlier process gets the full state rather than a replay of numbers that
   * meant other changes there.
   */
  public String eventEpoch() {
    return hub.epoch();
  }

  /** How many browsers fell behind past {@link Config#maxQueuedBytesPerBrowser()} and were told to resync. */
  public long resyncedBrowsers() {
    return hub.resyncedStreams();
  }

  /** The browsers connected to {@code /events} now. */
  public int connections() {
    return hub.connections();
  }

  /** Messages of the topic that were not output messages (logged with their reason and skipped) so far. */
  public long badMessages() {
    return badMessages.get() + hub.badMessages();
  }

  /** The merged counts shown now. */
  public java.util.List<WindowedCount> snapshot() {
    return hub.snapshot();
  }

  /** The sentiment of every (room, window) shown (core's rule, as the page displays it). */
  public java.util.List<io.emojireactions.core.WindowSentiment> sentiments() {
    return hub.sentiments();
  }

  /** The latest alerts received, as JSON, oldest first. */
  public java.util.List<String> recentAlerts() {
    return hub.recentAlerts();
  }

  @Override
  public void close() {
    // The two consumers leave their groups side by side: on a loaded machine each can take seconds.
    Thread alertsStop = null;
    if (alerts != null) {
      alertsStop = new Thread(alerts::close, "emoji-dashboard-alerts-stop");
      alertsStop.setDaemon(true);
      alertsStop.start();
    }
    subscriber.close(); // before the feed: a subscriber waiting on a full queue needs the feed draining it
    feed.close();
    if (alertsStop != null) {
      try {
        alertsStop.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    hub.closeAll();
    undertow.stop();
  }
}
