package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckpointLocationTest {

  @Test
  void aDurableStorageUriKeepsItsSchemeAndAuthority() {
    assertThat(PipelineQueries.checkpointLocation("s3a://emoji-checkpoints/pipeline", "main"))
        .isEqualTo("s3a://emoji-checkpoints/pipeline/main");
    assertThat(PipelineQueries.checkpointLocation("hdfs://namenode:8020/emoji/", "dlq"))
        .isEqualTo("hdfs://namenode:8020/emoji/dlq");
  }

  @Test
  void aLocalDirectoryIsJoinedWithOneSlash() {
    assertThat(PipelineQueries.checkpointLocation("data/checkpoints/pipeline", "main")).isEqualTo("data/checkpoints/pipeline/main");
    assertThat(PipelineQueries.checkpointLocation("/tmp/ckpt//", "debug")).isEqualTo("/tmp/ckpt/debug");
  }
}
