package io.emojireactions.apps.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The dashboard command's options. */
class DashboardCommandTest {

  @Test
  void dashboardFollowsEmojiAlertsByDefaultAndAnEmptyAlertTopicTurnsBannersOff() {
    DashboardCommand dashboard = (DashboardCommand) CommandLines.of(new DashboardCommand()).parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092")
        .subcommand().commandSpec().userObject();
    assertThat(dashboard.config().alertTopic()).isEqualTo("emoji_alerts");
    DashboardCommand none = (DashboardCommand) CommandLines.of(new DashboardCommand()).parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092",
        "--alert-topic", "").subcommand().commandSpec().userObject();
    assertThat(none.config().alertTopic()).isNull();
  }
}
