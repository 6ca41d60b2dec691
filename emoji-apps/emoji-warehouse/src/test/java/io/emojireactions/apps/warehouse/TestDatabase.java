package io.emojireactions.apps.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The embedded PostgreSQL of one IT class (start-up costs seconds), started on first use; each
 * test gets its own database in it. Each class stops it in {@code @AfterAll}, as other ITs of
 * this JVM assert that no child process is left.
 */
public final class TestDatabase {

  private static EmbeddedDatabase server;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private TestDatabase() {}

  public static synchronized EmbeddedDatabase server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("emoji-test-pg");
        server = EmbeddedDatabase.start(dir.resolve("data"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** Stops the server (the next use starts a new one). */
  public static synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The JDBC URL of a new, empty database. */
  public static String freshDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
    try (Connection c = DriverManager.getConnection(server().jdbcUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating test database " + name, e);
    }
    return "jdbc:postgresql://127.0.0.1:" + server().port() + "/" + name + "?user=postgres";
  }
}
