package io.emojireactions.apps.broker.internal;

import java.io.File;
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
import java.util.stream.Stream;

/**
 * The classpath of a broker child JVM: this module's own classes or jar (for {@link BrokerLauncher})
 * plus the broker's jars (Kafka's server, its Scala 2.13, kafka-clients with its codecs, SLF4J with
 * a binding), found relative to where this module is installed, never at a path of the machine that
 * built it:
 *
 * <ol>
 *   <li>the directory named by the system property {@value #LIB_PROPERTY}, when set;
 *   <li>else {@code broker-lib/} next to this module's jar or classes directory: {@code lib/broker-lib}
 *       in the distribution ({@code lib/emoji-broker-VERSION.jar} beside it), {@code target/broker-lib}
 *       in a build;
 *   <li>else, for this artifact taken from a Maven repository (the test kit in another project), the
 *       jars the build listed, in the local Maven repository ({@code maven.repo.local}, default
 *       {@code ~/.m2/repository}).
 * </ol>
 */
public final class BrokerClasspath {

  /** System property naming a directory that holds the broker's jars. */
  public static final String LIB_PROPERTY = "emoji.broker.lib";

  static final String LIB_DIR = "broker-lib";
  static final String REPO_TOKEN = "@M2_REPO@";
  private static final List<String> LISTED = List.of(
      "/io/emojireactions/apps/broker/broker-classpath.txt", "/io/emojireactions/apps/broker/broker-classpath-runtime.txt");

  private BrokerClasspath() {}

  /** The entries, launcher first, without duplicates; fails naming what is missing. */
  public static List<String> entries() {
    String lib = System.getProperty(LIB_PROPERTY);
    Path localRepo = Path.of(System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    return entries(launcherLocation(), lib == null ? null : Path.of(lib), localRepo);
  }

  /** {@link #entries()} joined with the platform's path separator. */
  public static String asString() {
    return String.join(File.pathSeparator, entries());
  }

  static List<String> entries(Path launcher, Path libProperty, Path localRepo) {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(launcher.toString());
    Path dir = libProperty != null ? libProperty : launcher.toAbsolutePath().getParent().resolve(LIB_DIR);
    if (libProperty != null || Files.isDirectory(dir)) {
      entries.addAll(jarsIn(dir));
    } else {
      entries.addAll(listed(localRepo));
    }
    return new ArrayList<>(entries);
  }

  private static List<String> jarsIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).map(Path::toString).sorted().toList();
      if (jars.isEmpty()) {
        throw new IllegalStateException("the broker's lib directory " + dir + " holds no jars");
      }
      return jars;
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the broker's lib directory " + dir + " (" + LIB_PROPERTY + ")", e);
    }
  }

  private static List<String> listed(Path localRepo) {
    List<String> jars = new ArrayList<>();
    for (String entry : LISTED.stream().map(BrokerClasspath::read).flatMap(text -> Stream.of(text.split(";"))).toList()) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      Path jar = Path.of(trimmed.replace(REPO_TOKEN, localRepo.toString()));
      if (!Files.exists(jar)) {
        throw new IllegalStateException("the broker's jar " + jar + " is missing: no " + LIB_DIR
            + " directory lies next to emoji-broker, and the local Maven repository " + localRepo
            + " does not hold it (resolve org.apache.kafka:kafka_2.13 there, or set -D" + LIB_PROPERTY + "=DIR)");
      }
      jars.add(jar.toString());
    }
    return jars;
  }

  private static String read(String resource) {
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing: emoji-broker was not built by Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Path launcherLocation() {
    try {
      return Path.of(BrokerLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("cannot locate the classes of emoji-broker", e);
    }
  }
}
