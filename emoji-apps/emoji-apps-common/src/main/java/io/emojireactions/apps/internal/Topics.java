package io.emojireactions.apps.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Kafka topics that do not exist yet, with the broker's default partitions and replication. */
public final class Topics {

  /** The input topic of reactions, the ingest's and the pipeline's default. */
  public static final String REACTIONS = "emoji_reactions";

  private static final long TIMEOUT_SECONDS = 30;

  private Topics() {}

  /**
   * Creates each missing topic of {@code names}; existing ones are left as they are.
   *
   * @param clientProperties extra admin client properties (security etc.)
   * @return the names that were created
   * @throws IllegalStateException when Kafka cannot be reached or refuses, naming the servers
   */
  public static List<String> ensure(String bootstrapServers, Map<String, String> clientProperties, Collection<String> names) {
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : Set.copyOf(names)) {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, Optional.empty(), Optional.empty()));
        }
      }
      List<String> created = new ArrayList<>();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) { // created meanwhile by someone else: fine
            throw e;
          }
        }
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot create topics " + names + " on Kafka at " + bootstrapServers + ": " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics on " + bootstrapServers, e);
    }
  }
}
