package io.emojireactions.apps.broker.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/** Admin-client steps with deadlines: readiness, topic creation. Polls, never sleeps blindly. */
public final class ClusterAdmin {

  private static final long POLL_TIMEOUT_MS = 2_000;

  private ClusterAdmin() {}

  /** An admin client that gives up quickly per call, so callers can poll against their own deadline. */
  public static Admin admin(String bootstrap) {
    return admin(bootstrap, Map.of());
  }

  /** As {@link #admin(String)}, with further client properties (security). */
  public static Admin admin(String bootstrap, Map<String, String> clientProperties) {
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) POLL_TIMEOUT_MS);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) POLL_TIMEOUT_MS);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);
    p.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    p.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 250);
    return Admin.create(p);
  }

  /**
   * Polls {@code bootstrap} until its cluster reports at least the brokers {@code expectedIds}.
   *
   * @param check runs before each poll; throws to abort (e.g. the process died)
   * @param timeoutMessage the message of the {@link IllegalStateException} past the deadline
   */
  public static void awaitBrokers(
      String bootstrap, Set<Integer> expectedIds, Instant deadline, Runnable check, Supplier<String> timeoutMessage) {
    awaitBrokers(bootstrap, Map.of(), expectedIds, deadline, check, timeoutMessage);
  }

  /** As above, with further admin client properties (security). */
  public static void awaitBrokers(String bootstrap, Map<String, String> clientProperties,
      Set<Integer> expectedIds, Instant deadline, Runnable check, Supplier<String> timeoutMessage) {
    // A plain TCP probe first: an admin client would log a warning per refused connection.
    while (!accepts(bootstrap)) {
      check.run();
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(timeoutMessage.get());
      }
      pause();
    }
    try (Admin admin = admin(bootstrap, clientProperties)) {
      while (true) {
        check.run();
        try {
          Set<Integer> seen = ids(admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) POLL_TIMEOUT_MS)).nodes());
          if (seen.containsAll(expectedIds)) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // Not up yet: poll again.
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(timeoutMessage.get());
        }
        pause();
      }
    }
  }

  private static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          (int) POLL_TIMEOUT_MS);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The ids of the brokers {@code bootstrap}'s cluster reports. */
  public static Set<Integer> brokerIds(String bootstrap, Instant deadline) {
    return brokerIds(bootstrap, Map.of(), deadline);
  }

  /** As above, with further admin client properties (security). */
  public static Set<Integer> brokerIds(String bootstrap, Map<String, String> clientProperties, Instant deadline) {
    try (Admin admin = admin(bootstrap, clientProperties)) {
      while (true) {
        try {
          return ids(admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) POLL_TIMEOUT_MS)).nodes());
        } catch (ExecutionException | TimeoutException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer: " + e.getMessage(), e);
          }
        }
        pause();
      }
    }
  }

  /** Creates or updates SCRAM-SHA-512 credentials of {@code user}, then polls until they are described. */
  public static void addScramUser(String bootstrap, Map<String, String> clientProperties, String user, String password, Instant deadline) {
    try (Admin admin = admin(bootstrap, clientProperties)) {
      org.apache.kafka.clients.admin.ScramCredentialInfo info =
          new org.apache.kafka.clients.admin.ScramCredentialInfo(org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 4096);
      while (true) {
        try {
          admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(user, info, password)))
              .all().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
          if (admin.describeUserScramCredentials(List.of(user)).all().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).containsKey(user)) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("cannot create SCRAM user " + user + " at " + bootstrap + ": " + e.getMessage(), e);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating SCRAM user " + user, e);
        }
        pause();
      }
    }
  }

  /** Creates a topic, then polls until every partition has a leader and a full in-sync replica set. */
  public static void createTopic(
      String bootstrap, String name, int partitions, short replicationFactor, Map<String, String> configs, Instant deadline) {
    createTopic(bootstrap, Map.of(), name, partitions, replicationFactor, configs, deadline);
  }

  /** As above, with further admin client properties (security). */
  public static void createTopic(String bootstrap, Map<String, String> clientProperties,
      String name, int partitions, short replicationFactor, Map<String, String> configs, Instant deadline) {
    try (Admin admin = admin(bootstrap, clientProperties)) {
      NewTopic topic = new NewTopic(name, partitions, replicationFactor).configs(configs);
      while (true) {
        try {
          admin.createTopics(List.of(topic)).all().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
          break;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            throw new IllegalStateException("topic " + name + " already exists at " + bootstrap, e.getCause());
          }
          if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
            throw new IllegalStateException(
                "cannot create topic " + name + " (" + partitions + " partitions, replication " + replicationFactor
                    + ", configs " + configs + ") at " + bootstrap + ": " + e.getCause().getMessage(),
                e.getCause());
          }
        } catch (TimeoutException e) {
          // The create may have landed after all: then retrying would report "already exists".
          if (exists(admin, name)) {
            break;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("creating topic " + name + " at " + bootstrap + " timed out");
        }
        pause();
      }
      while (!ready(admin, name, partitions, replicationFactor)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("topic " + name + " at " + bootstrap + " has no leader on every partition in time");
        }
        pause();
      }
    }
  }

  private static boolean exists(Admin admin, String name) {
    try {
      return admin.listTopics().names().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(name);
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static boolean ready(Admin admin, String name, int partitions, short replicationFactor) {
    try {
      TopicDescription description =
          admin.describeTopics(List.of(name)).allTopicNames().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(name);
      if (description == null || description.partitions().size() != partitions) {
        return false;
      }
      Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
      for (TopicPartitionInfo p : description.partitions()) {
        if (p.leader() == null || p.leader().isEmpty() || p.isr().size() < replicationFactor) {
          return false;
        }
        probe.put(new TopicPartition(name, p.partition()), OffsetSpec.latest());
      }
      // Metadata can name a leader a moment before that broker acts as one. A producer writing in
      // that moment gets NOT_LEADER_OR_FOLLOWER for its first batch while later batches land, and an
      // idempotent producer then loops on OUT_OF_ORDER_SEQUENCE_NUMBER. Only a leader answers
      // ListOffsets, so a successful probe means every partition is really served.
      admin.listOffsets(probe).all().get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Set<Integer> ids(KafkaFuture<java.util.Collection<Node>> nodes)
      throws ExecutionException, TimeoutException {
    try {
      return nodes.get(POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS).stream().map(Node::id).collect(Collectors.toSet());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  // Between polls of a remote state; bounded by the callers' deadlines.
  private static void pause() {
    try {
      Thread.sleep(Duration.ofMillis(100).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }
}
