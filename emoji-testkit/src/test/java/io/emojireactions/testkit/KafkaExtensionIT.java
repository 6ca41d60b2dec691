package io.emojireactions.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.emojireactions.apps.broker.KafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@link KafkaExtension}'s scopes on real brokers. Each case runs small test classes (the fixtures
 * below) through JUnit's launcher, so that what happens when a scope ends (a class, a test, the
 * run) can be checked after it ended: the cluster's nodes are gone and its directory deleted.
 */
class KafkaExtensionIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** The fixtures run only under {@link #run}, which sets this configuration parameter. */
  private static final String FIXTURE_PARAMETER = "io.emojireactions.testkit.fixture";

  @Test
  void aStaticFieldServesTheClassAndItsNestedClassesRestartsWhatATestStoppedAndStopsTheClusterWhenTheClassEnds() {
    TestExecutionSummary summary = run(ClassWide.class);

    assertPassed(summary, 3);
    // @BeforeAll, two tests, the @Nested test, @AfterAll: one cluster.
    assertThat(ClassWide.seen).hasSize(5);
    assertThat(ClassWide.seen).allSatisfy(c -> assertThat(c).isSameAs(ClassWide.seen.get(0)));
    assertStopped(ClassWide.seen.get(0));
    assertThatThrownBy(ClassWide.KAFKA::cluster).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInstanceFieldGivesEachTestAFreshClusterStoppedAfterItsAfterEachMethods() {
    TestExecutionSummary summary = run(PerTest.class);

    assertPassed(summary, 2);
    assertThat(PerTest.seen).hasSize(2);
    assertThat(PerTest.seen.get(1)).isNotSameAs(PerTest.seen.get(0));
    PerTest.seen.forEach(KafkaExtensionIT::assertStopped);
  }

  @Test
  void aSharedExtensionServesEveryClassThatRegistersItAndStopsTheClusterWhenTheRunEnds() {
    TestExecutionSummary summary = run(SharedFirst.class, SharedSecond.class);

    assertPassed(summary, 2);
    assertThat(SharedFirst.seen).hasSize(2);
    assertThat(SharedFirst.seen.get(1)).isSameAs(SharedFirst.seen.get(0));
    assertStopped(SharedFirst.seen.get(0));
    assertThatThrownBy(SHARED::cluster).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void outsideItsScopeTheExtensionRefusesToHandOutACluster() {
    KafkaExtension idle = KafkaExtension.nodes(1);

    assertThatThrownBy(idle::cluster).isInstanceOf(IllegalStateException.class).hasMessageContaining("@RegisterExtension");
    assertThatThrownBy(idle::bootstrapServers).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> idle.topic("t", 1)).isInstanceOf(IllegalStateException.class);
  }

  // ---- fixtures: run only through run(...) ----

  /** Class-wide; the first test stops the node, the second finds it running again with its data. */
  @ExtendWith(OnlyThroughTheLauncher.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static final class ClassWide {

    @RegisterExtension
    static final KafkaExtension KAFKA = KafkaExtension.nodes(1);
    static final List<KafkaCluster> seen = new CopyOnWriteArrayList<>();
    private static String bootstrap;

    @BeforeAll
    static void before() {
      seen.add(KAFKA.cluster());
      bootstrap = KAFKA.bootstrapServers();
    }

    @Test
    @Order(1)
    void leavesItsNodeStopped() {
      seen.add(KAFKA.cluster());
      TopicIO.produce(KAFKA.bootstrapServers(), KAFKA.topic("kept", 1), List.of("a", "b"));
      KAFKA.cluster().stopNode(0);
      assertThat(KAFKA.cluster().isRunning(0)).isFalse();
    }

    @Test
    @Order(2)
    void findsTheNodeRestartedOnItsPortWithItsData() {
      seen.add(KAFKA.cluster());
      assertThat(KAFKA.cluster().isRunning(0)).isTrue();
      assertThat(KAFKA.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(TopicIO.readValues(KAFKA.bootstrapServers(), "kept", READ_TIMEOUT)).containsExactly("a", "b");
    }

    @Nested
    final class Inner {
      @Test
      void seesTheEnclosingClassCluster() {
        seen.add(KAFKA.cluster());
      }
    }

    @AfterAll
    static void after() {
      // Runs after the @Nested class ended: its end did not stop the enclosing class's cluster.
      seen.add(KAFKA.cluster());
      assertThat(KAFKA.cluster().isRunning(0)).isTrue();
    }
  }

  /** Per test; the second test finds the first one's cluster stopped. */
  @ExtendWith(OnlyThroughTheLauncher.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static final class PerTest {

    static final List<KafkaCluster> seen = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final KafkaExtension kafka = KafkaExtension.nodes(1);

    @Test
    @Order(1)
    void first() {
      seen.add(kafka.cluster());
      kafka.topic("mine", 1);
    }

    @Test
    @Order(2)
    void second() {
      seen.add(kafka.cluster());
      assertStopped(seen.get(0));
      // A fresh cluster: the first test's topic is not there, so it can be made again.
      kafka.topic("mine", 1);
    }

    @AfterEach
    void afterEach() {
      assertThat(kafka.cluster().isRunning(0)).isTrue();
    }
  }

  static final KafkaExtension SHARED = KafkaExtension.nodes(1).shared();

  @ExtendWith(OnlyThroughTheLauncher.class)
  static final class SharedFirst {

    @RegisterExtension
    static final KafkaExtension KAFKA = SHARED;
    static final List<KafkaCluster> seen = new CopyOnWriteArrayList<>();

    @Test
    void writes() {
      seen.add(KAFKA.cluster());
      TopicIO.produce(KAFKA.bootstrapServers(), KAFKA.topic("shared", 1), List.of("from the first class"));
    }
  }

  @ExtendWith(OnlyThroughTheLauncher.class)
  static final class SharedSecond {

    @RegisterExtension
    static final KafkaExtension KAFKA = SHARED;

    @Test
    void readsWhatTheFirstClassWrote() {
      SharedFirst.seen.add(KAFKA.cluster());
      assertThat(TopicIO.readValues(KAFKA.bootstrapServers(), "shared", READ_TIMEOUT)).containsExactly("from the first class");
    }
  }

  /** Keeps the fixtures from running on their own (an IDE running every class of the package). */
  static final class OnlyThroughTheLauncher implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(FIXTURE_PARAMETER).isPresent()
          ? ConditionEvaluationResult.enabled("run by KafkaExtensionIT")
          : ConditionEvaluationResult.disabled("a fixture of KafkaExtensionIT");
    }
  }

  /** Runs {@code classes}, ordered by name, in one launcher run (one JUnit root scope). */
  private static TestExecutionSummary run(Class<?>... classes) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(Arrays.stream(classes).map(c -> selectClass(c)).toList())
        .filters(EngineFilter.includeEngines("junit-jupiter"))
        .configurationParameter(FIXTURE_PARAMETER, "true")
        .configurationParameter("junit.jupiter.testclass.order.default", ClassOrderer.ClassName.class.getName())
        .build(), listener);
    return listener.getSummary();
  }

  private static void assertPassed(TestExecutionSummary summary, long tests) {
    StringWriter failures = new StringWriter();
    summary.printFailuresTo(new PrintWriter(failures), 40);
    assertThat(summary.getTotalFailureCount()).as("failures:%n%s", failures).isZero();
    assertThat(summary.getTestsSucceededCount()).as("tests passed").isEqualTo(tests);
  }

  /** Every node's process is gone and the cluster's temporary directory deleted. */
  private static void assertStopped(KafkaCluster cluster) {
    for (int i = 0; i < cluster.nodeCount(); i++) {
      assertThat(cluster.isRunning(i)).as("node %d runs", i).isFalse();
      assertThat(cluster.nodeDir(i)).doesNotExist();
    }
  }
}
