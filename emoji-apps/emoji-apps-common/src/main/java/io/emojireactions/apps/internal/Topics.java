package io.emojireactions.apps.internal;

/**
 * Topic names more than one application defaults to. Topics are created by pubsub's
 * {@code TopologyAdmin.ensureTopics}, the one place for that.
 */
public final class Topics {

  /** The input topic of reactions, the ingest's and the simulator's default. */
  public static final String REACTIONS = "emoji_reactions";

  private Topics() {}
}
