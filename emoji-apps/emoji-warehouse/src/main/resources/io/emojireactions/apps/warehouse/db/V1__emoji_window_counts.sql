-- One row per (room, window, emoji): the max-merged output contract.
CREATE TABLE emoji_window_counts (
  room             text        NOT NULL,
  window_start     timestamptz NOT NULL,
  window_end       timestamptz NOT NULL,
  emoji            text        NOT NULL,
  reaction_count   bigint      NOT NULL CHECK (reaction_count >= 0),
  scaled_reactions bigint      NOT NULL,
  final            boolean     NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room, window_start, emoji)
);

-- The timeline query reads one emoji over a time range.
CREATE INDEX emoji_window_counts_by_emoji ON emoji_window_counts (emoji, window_start);

-- Messages that are not valid output JSON: kept with their reason, never dropped silently.
CREATE TABLE warehouse_rejected_messages (
  topic       text        NOT NULL,
  kafka_partition integer NOT NULL,
  kafka_offset bigint     NOT NULL,
  reason      text        NOT NULL,
  message     text        NOT NULL,
  payload     bytea,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
