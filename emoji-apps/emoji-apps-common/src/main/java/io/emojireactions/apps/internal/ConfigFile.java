package io.emojireactions.apps.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The command line's config file: a Java properties file (read as UTF-8) whose keys are option
 * names, optionally qualified by a command path ({@code port}, {@code ingest.port}); see
 * {@link ConfigNames}.
 *
 * @param path the file as named
 * @param origin what named it: {@code --config} or {@code EMOJI_CONFIG}
 * @param entries every key and its value, sorted by key
 */
public record ConfigFile(Path path, String origin, Map<String, String> entries) {

  public ConfigFile {
    entries = Collections.unmodifiableMap(new TreeMap<>(entries));
  }

  /** The file and its keys, never a value: a value may be a secret ({@code kafka-property=sasl.jaas.config=…}). */
  @Override
  public String toString() {
    return "ConfigFile[" + path + " (" + origin + "), keys=" + entries.keySet() + "]";
  }

  /**
   * Reads {@code path}.
   *
   * @throws IllegalArgumentException naming the file and {@code origin} when it is missing,
   *     unreadable or not a properties file
   */
  public static ConfigFile read(Path path, String origin) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw cannotRead(path, origin, "no such file");
    } catch (AccessDeniedException e) {
      throw cannotRead(path, origin, "permission denied");
    } catch (IOException | IllegalArgumentException e) {
      // IllegalArgumentException: a malformed \\uXXXX escape
      throw cannotRead(path, origin, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    Map<String, String> entries = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> entries.put(k, p.getProperty(k)));
    return new ConfigFile(path, origin, entries);
  }

  /** How messages name this file: {@code config file x.properties (--config)}. */
  public String describe() {
    return describe(path, origin);
  }

  private static String describe(Path path, String origin) {
    return "config file " + path + " (" + origin + ")";
  }

  private static IllegalArgumentException cannotRead(Path path, String origin, String why) {
    return new IllegalArgumentException("cannot read " + describe(path, origin) + ": " + why);
  }
}
