package io.emojireactions.apps.dashboard.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One Server-Sent Events message, encoded once in the wire format of the HTML standard's
 * {@code text/event-stream} ({@code id:}, {@code event:}, one {@code data:} line per line of the
 * data, a blank line), so that a broadcast to ten thousand browsers encodes it once rather than
 * once per connection. Immutable: every stream writes from its own view of the shared bytes.
 */
final class SseMessage {

  private final ByteBuffer bytes;

  private SseMessage(ByteBuffer bytes) {
    this.bytes = bytes.asReadOnlyBuffer();
  }

  /**
   * A message with the given event type and id (each null for none) and data, encoded into a
   * direct buffer when {@code shared} (a broadcast: written to many sockets without a copy into
   * a temporary direct buffer each time) and a heap buffer otherwise.
   *
   * @throws IllegalArgumentException when the event or id holds a line break (it would end the field)
   */
  static SseMessage of(String event, String id, String data, boolean shared) {
    StringBuilder b = new StringBuilder(data.length() + 64);
    field(b, "id", id);
    field(b, "event", event);
    int from = 0;
    for (int i = 0; i <= data.length(); i++) {
      char c = i < data.length() ? data.charAt(i) : '\n';
      if (c == '\n' || c == '\r') {
        b.append("data: ").append(data, from, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++; // CRLF is one line break
        }
        from = i + 1;
      }
    }
    return encoded(b.append('\n'), shared);
  }

  /** The {@code retry:} message: how long a browser waits before reconnecting. */
  static SseMessage retry(long millis) {
    return encoded(new StringBuilder("retry: ").append(millis).append("\n\n"), false);
  }

  private static void field(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(name + " must not hold a line break, but was '" + value + "'");
    }
    b.append(name).append(": ").append(value).append('\n');
  }

  private static SseMessage encoded(CharSequence text, boolean shared) {
    byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = shared ? ByteBuffer.allocateDirect(utf8.length) : ByteBuffer.allocate(utf8.length);
    return new SseMessage(buffer.put(utf8).flip());
  }

  /** A view of the bytes for one stream to write from (its own position, the same content). */
  ByteBuffer view() {
    return bytes.duplicate();
  }

  /** The encoded size in bytes. */
  int size() {
    return bytes.remaining();
  }

  /** The encoded text (tests). */
  @Override
  public String toString() {
    return StandardCharsets.UTF_8.decode(view()).toString();
  }
}
