package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The pipeline's sentiment flag. */
class PipelineSentimentFlagTest {

  @Test
  void pipelineAddsTheSentimentScoreOnlyOnRequest() {
    PipelineCommand plain = (PipelineCommand) CommandLines.of(new PipelineCommand()).parseArgs("pipeline", "--bootstrap-servers", "127.0.0.1:9092")
        .subcommand().commandSpec().userObject();
    assertThat(plain.sentiment).as("the output contract stays byte-identical by default").isFalse();
    PipelineCommand scored = (PipelineCommand) CommandLines.of(new PipelineCommand()).parseArgs("pipeline", "--bootstrap-servers", "127.0.0.1:9092",
        "--sentiment").subcommand().commandSpec().userObject();
    assertThat(scored.sentiment).isTrue();
  }
}
