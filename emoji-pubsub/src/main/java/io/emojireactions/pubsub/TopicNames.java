package io.emojireactions.pubsub;

/** Kafka's topic name rule, checked where a topology is built so that mistakes fail early. */
final class TopicNames {

  private TopicNames() {}

  static String requireValid(String field, String topic) {
    if (topic == null || topic.isEmpty() || topic.length() > 249 || topic.equals(".") || topic.equals("..")
        || !topic.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          field + " must be a Kafka topic name (1-249 of [A-Za-z0-9._-], not '.' or '..'), but was '" + topic + "'");
    }
    return topic;
  }
}
