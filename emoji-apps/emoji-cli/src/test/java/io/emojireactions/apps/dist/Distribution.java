package io.emojireactions.apps.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The distribution this build made ({@code target/emoji-VERSION.tar.gz}, named by the system
 * property {@value #PROPERTY}), extracted into a fresh directory and run as an operator runs it:
 * {@code bin/emoji} with an empty {@code HOME} (and {@code user.home}), so nothing of this
 * machine's Maven repository or source tree can be reached.
 */
public final class Distribution {

  /** The system property naming the tarball (set by the build for the integration tests). */
  public static final String PROPERTY = "emoji.dist";

  private final Path home;
  private final Path emptyHome;

  private Distribution(Path home, Path emptyHome) {
    this.home = home;
    this.emptyHome = emptyHome;
  }

  /** Extracts the tarball into {@code dir} (which gets the installation and an empty home). */
  public static Distribution extract(Path dir) throws IOException, InterruptedException {
    String tarball = System.getProperty(PROPERTY);
    if (tarball == null || !Files.isRegularFile(Path.of(tarball))) {
      throw new IllegalStateException("no distribution at " + PROPERTY + "=" + tarball + " (mvn package builds it)");
    }
    Path install = Files.createDirectories(dir.resolve("install"));
    Process tar = new ProcessBuilder("tar", "xzf", tarball, "-C", install.toString()).inheritIO().start();
    if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
      throw new IllegalStateException("tar xzf " + tarball + " failed");
    }
    try (var entries = Files.list(install)) {
      Path home = entries.filter(Files::isDirectory).findFirst().orElseThrow(() -> new IllegalStateException("empty tarball " + tarball));
      return new Distribution(home, Files.createDirectories(dir.resolve("empty-home")));
    }
  }

  /** The installation's root ({@code emoji-VERSION/}). */
  public Path home() {
    return home;
  }

  /**
   * A process running {@code bin/emoji ARGS} from the installation, its working directory the
   * empty home, SIGINT at its default disposition (as a terminal's Ctrl-C finds it: a build run in
   * the background of a non-interactive shell would pass it on ignored), on this JVM's Java, with
   * {@code javaOptions} in {@code EMOJI_JAVA_OPTS}.
   */
  public ProcessBuilder command(String javaOptions, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", home.resolve("bin/emoji").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(emptyHome.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", emptyHome.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("EMOJI_JAVA_OPTS", javaOptions + " -Duser.home=" + emptyHome);
    env.keySet().removeIf(k -> k.startsWith("MAVEN") || k.equals("CLASSPATH") || k.startsWith("EMOJI_") && !k.equals("EMOJI_JAVA_OPTS"));
    return pb;
  }
}
