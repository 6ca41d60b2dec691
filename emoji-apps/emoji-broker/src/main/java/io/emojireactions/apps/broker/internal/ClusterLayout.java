package io.emojireactions.apps.broker.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The cluster id and node addresses of a cluster, stored as {@code cluster.properties} in its
 * data directory so that a restart over the same directory finds the same quorum (controller
 * ports) and the same cluster id.
 *
 * @param clusterId the KRaft cluster id the log directories are formatted with
 * @param nodes the nodes, index i having node id i+1
 */
public record ClusterLayout(String clusterId, List<NodeAddress> nodes) {

  public static final String FILE_NAME = "cluster.properties";

  public ClusterLayout {
    nodes = List.copyOf(nodes);
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).nodeId() != i + 1) {
        throw new IllegalArgumentException("node " + i + " must have node id " + (i + 1) + ", but was " + nodes.get(i));
      }
    }
  }

  /**
   * A fresh layout of {@code count} nodes. With {@code firstPort} > 0 node i listens for
   * clients on {@code firstPort + i}; other ports are free ones.
   */
  public static ClusterLayout fresh(String clusterId, int count, int firstPort) {
    List<Integer> free = Ports.free(2 * count);
    List<NodeAddress> nodes = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < count; i++) {
      int port = firstPort > 0 ? firstPort + i : free.get(next++);
      int controllerPort = free.get(next++);
      nodes.add(new NodeAddress(i + 1, port, controllerPort));
    }
    return new ClusterLayout(clusterId, nodes);
  }

  /** The same layout with client ports {@code firstPort + i} (controller ports kept). */
  public ClusterLayout withFirstPort(int firstPort) {
    List<NodeAddress> moved = new ArrayList<>();
    for (NodeAddress node : nodes) {
      moved.add(new NodeAddress(node.nodeId(), firstPort + node.nodeId() - 1, node.controllerPort()));
    }
    return new ClusterLayout(clusterId, moved);
  }

  /** The layout stored in {@code dataDir}, or null when there is none. */
  public static ClusterLayout load(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    try {
      int count = Integer.parseInt(p.getProperty("nodes"));
      List<NodeAddress> nodes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        nodes.add(
            new NodeAddress(
                i + 1,
                Integer.parseInt(p.getProperty("node." + i + ".port")),
                Integer.parseInt(p.getProperty("node." + i + ".controller.port"))));
      }
      return new ClusterLayout(p.getProperty("cluster.id"), nodes);
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); delete the data directory to start afresh", e);
    }
  }

  /** Writes this layout to {@code dataDir}. */
  public void store(Path dataDir) {
    Properties p = new Properties();
    p.setProperty("cluster.id", clusterId);
    p.setProperty("nodes", Integer.toString(nodes.size()));
    for (int i = 0; i < nodes.size(); i++) {
      p.setProperty("node." + i + ".port", Integer.toString(nodes.get(i).port()));
      p.setProperty("node." + i + ".controller.port", Integer.toString(nodes.get(i).controllerPort()));
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dataDir);
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        p.store(out, "emoji-testkit cluster layout: node ports and cluster id, reused on restart");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
