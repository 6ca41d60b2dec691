package io.emojireactions.apps.broker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1. */
public final class Ports {

  private Ports() {}

  /** {@code count} distinct ports free right now (all held open together, then released). */
  public static List<Integer> free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerConfig.HOST));
        socket.setReuseAddress(true);
        sockets.add(socket);
      }
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket socket : sockets) {
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find " + count + " free ports on " + BrokerConfig.HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // Closing a probe socket cannot fail in a way that matters.
        }
      }
    }
  }
}
