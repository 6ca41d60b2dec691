-- Reactions per minute, room and emoji (windows are whole seconds, so each lies in one minute).
CREATE VIEW emoji_minute_counts AS
SELECT room,
       date_trunc('minute', window_start) AS minute,
       emoji,
       sum(reaction_count)::bigint        AS reactions
FROM emoji_window_counts
GROUP BY room, date_trunc('minute', window_start), emoji;

-- The ranking of emojis per minute per room: rank 1 is the most used (ties by emoji).
CREATE VIEW emoji_top_per_minute AS
SELECT room, minute, emoji, reactions,
       row_number() OVER (PARTITION BY room, minute ORDER BY reactions DESC, emoji) AS rank
FROM emoji_minute_counts;
