package io.emojireactions.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The classpath of a broker child JVM: the jars the build listed in {@code broker-classpath.txt}
 * and {@code broker-classpath-runtime.txt} (see this module's pom), plus this module's own
 * classes or jar for {@link BrokerLauncher}.
 */
public final class BrokerClasspath {

  private static final String[] RESOURCES = {
    "/io/emojireactions/testkit/broker-classpath.txt",
    "/io/emojireactions/testkit/broker-classpath-runtime.txt"
  };

  private BrokerClasspath() {}

  /** The entries, in order, without duplicates; fails naming the first missing jar. */
  public static List<String> entries() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(launcherLocation());
    for (String resource : RESOURCES) {
      for (String entry : read(resource).split(java.io.File.pathSeparator)) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (!Files.exists(Path.of(trimmed))) {
          throw new IllegalStateException(
              "broker classpath entry " + trimmed + " (from " + resource + ") does not exist;"
                  + " rebuild emoji-testkit (mvn -pl emoji-testkit -am package) so it lists the jars of this machine");
        }
        entries.add(trimmed);
      }
    }
    return new ArrayList<>(entries);
  }

  /** {@link #entries()} joined with the platform's path separator. */
  public static String asString() {
    return String.join(java.io.File.pathSeparator, entries());
  }

  private static String read(String resource) {
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + resource + " is missing: emoji-testkit was not built by Maven"
                + " (its generate-resources phase writes it)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static String launcherLocation() {
    try {
      return Path.of(BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot locate the classes of emoji-testkit", e);
    }
  }
}
