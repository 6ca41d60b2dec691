package io.emojireactions.apps.broker.internal;

/**
 * Where one node of a local cluster listens, on 127.0.0.1.
 *
 * @param nodeId the Kafka {@code node.id}: the node's 0-based index plus one
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port
 */
public record NodeAddress(int nodeId, int port, int controllerPort) {

  public NodeAddress {
    if (nodeId < 1) {
      throw new IllegalArgumentException("nodeId must be >= 1, but was " + nodeId);
    }
    checkPort("port", port);
    checkPort("controllerPort", controllerPort);
    if (port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ, but both were " + port);
    }
  }

  private static void checkPort(String name, int value) {
    if (value < 1 || value > 65_535) {
      throw new IllegalArgumentException(name + " must be in 1..65535, but was " + value);
    }
  }

  /** {@code 127.0.0.1:port}. */
  public String bootstrap() {
    return BrokerConfig.HOST + ":" + port;
  }
}
