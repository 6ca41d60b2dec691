package io.emojireactions.apps.broker.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for a test broker, made with the JDK's own {@code keytool}: a self-signed CA,
 * a broker key pair whose certificate the CA signs (SAN {@code IP:127.0.0.1}, {@code DNS:localhost},
 * so clients keep host name verification on), and a trust store holding only the CA.
 */
public final class TestCertificates {

  /** The stores made. */
  public record Stores(Path truststore, Path keystore) {}

  private TestCertificates() {}

  /** Generates the stores in {@code dir}, all protected by {@code password}. */
  public static Stores generate(Path dir, String password) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Path ca = dir.resolve("ca.p12");
    Path caPem = dir.resolve("ca.pem");
    Path keystore = dir.resolve("broker.p12");
    Path csr = dir.resolve("broker.csr");
    Path brokerPem = dir.resolve("broker.pem");
    Path truststore = dir.resolve("truststore.p12");
    String[] store = {"-storetype", "PKCS12", "-storepass", password};
    keytool(dir, "-genkeypair", "-alias", "ca", "-dname", "CN=emoji-testkit-ca", "-ext", "bc:c", "-keyalg", "RSA", "-keysize", "2048",
        "-validity", "7", "-keystore", ca.toString(), "-keypass", password, store);
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString(), store);
    keytool(dir, "-genkeypair", "-alias", "broker", "-dname", "CN=127.0.0.1", "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
        "-keystore", keystore.toString(), "-keypass", password, store);
    keytool(dir, "-certreq", "-alias", "broker", "-keystore", keystore.toString(), "-file", csr.toString(), store);
    keytool(dir, "-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(), "-outfile", brokerPem.toString(),
        "-rfc", "-validity", "7", "-ext", "SAN=ip:127.0.0.1,dns:localhost", store);
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore.toString(), store);
    keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", brokerPem.toString(), "-keystore", keystore.toString(), store);
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", truststore.toString(), store);
    return new Stores(truststore, keystore);
  }

  private static void keytool(Path dir, String command, Object... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.add(command);
    for (Object a : args) {
      if (a instanceof String[] more) {
        cmd.addAll(List.of(more));
      } else {
        cmd.add((String) a);
      }
    }
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + command + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
