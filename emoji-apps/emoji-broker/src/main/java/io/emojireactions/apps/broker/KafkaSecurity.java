package io.emojireactions.apps.broker;

import io.emojireactions.apps.broker.internal.TestCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The security material of a {@code SASL_SSL} test cluster ({@link KafkaCluster.Builder#saslSsl()}):
 * a self-signed CA generated for this cluster, the broker's key store signed by it, a trust store
 * holding the CA, and the SCRAM-SHA-512 credentials of the admin (a super user). The cluster runs
 * the {@code StandardAuthorizer}: every other user needs ACLs.
 *
 * <p>Client properties for any user: {@link #clientProperties(String, String)}. New SCRAM users are
 * created with {@link KafkaCluster#addScramUser(String, String)}. Immutable.
 *
 * @param truststore PKCS12 trust store holding the CA certificate
 * @param keystore PKCS12 key store of the brokers (their key, CA-signed, SAN IP 127.0.0.1)
 * @param storePassword password of both stores and of the broker's key
 * @param adminUser the super user's name
 * @param adminPassword the super user's SCRAM password
 */
public record KafkaSecurity(Path truststore, Path keystore, String storePassword, String adminUser, String adminPassword) {

  /** The SASL mechanism of the client listener. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  /**
   * The security material of a cluster.
   *
   * @throws NullPointerException when a component is null
   */
  public KafkaSecurity {
    Objects.requireNonNull(truststore, "truststore");
    Objects.requireNonNull(keystore, "keystore");
    Objects.requireNonNull(storePassword, "storePassword");
    Objects.requireNonNull(adminUser, "adminUser");
    Objects.requireNonNull(adminPassword, "adminPassword");
  }

  /** Generates a CA, a broker key store and a trust store in {@code dir} (JDK keytool), and fresh random passwords. */
  public static KafkaSecurity generate(Path dir) {
    String password = randomSecret();
    TestCertificates.Stores stores = TestCertificates.generate(dir, password);
    return new KafkaSecurity(stores.truststore(), stores.keystore(), password, "admin", randomSecret());
  }

  /**
   * Client properties of {@code user}: {@code SASL_SSL}, SCRAM-SHA-512 with its JAAS line, the
   * trust store (host name verification on).
   */
  public Map<String, String> clientProperties(String user, String password) {
    Map<String, String> p = new TreeMap<>();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", MECHANISM);
    p.put("sasl.jaas.config", jaas(user, password));
    p.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
    p.put("ssl.truststore.password", storePassword);
    p.put("ssl.truststore.type", "PKCS12");
    return Map.copyOf(p);
  }

  /** The admin's (super user's) client properties. */
  public Map<String, String> adminProperties() {
    return clientProperties(adminUser, adminPassword);
  }

  /** A broker's settings for a {@code SASL_SSL} listener named {@code SASL_SSL} and the authorizer. */
  Map<String, String> brokerProperties() {
    Map<String, String> p = new TreeMap<>();
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(adminUser, adminPassword));
    p.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
    p.put("ssl.keystore.password", storePassword);
    p.put("ssl.key.password", storePassword);
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
    p.put("ssl.truststore.password", storePassword);
    p.put("ssl.truststore.type", "PKCS12");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    // The controller listener stays PLAINTEXT on loopback (nodes register with the quorum
    // through it, as the anonymous principal); clients are only ever given the SASL_SSL address.
    p.put("super.users", "User:" + adminUser + ";User:ANONYMOUS");
    return p;
  }

  /** The {@code kafka-storage format --add-scram} argument that creates the admin before the first start. */
  String bootstrapScramCredential() {
    return MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]";
  }

  private static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
  }

  private static String randomSecret() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "KafkaSecurity[" + MECHANISM + " over SASL_SSL, truststore " + truststore + ", admin " + adminUser + "]";
  }
}
