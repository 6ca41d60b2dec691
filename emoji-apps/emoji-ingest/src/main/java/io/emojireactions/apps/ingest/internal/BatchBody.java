package io.emojireactions.apps.ingest.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a {@code POST /emojis} body into the exact bytes of each reaction, so each is validated
 * by the core parser and forwarded unchanged: a JSON array (first non-blank byte {@code [}) or
 * NDJSON (one JSON object per line; blank lines ignored). Stateless.
 */
public final class BatchBody {

  private static final JsonFactory JSON = new JsonFactory();

  private BatchBody() {}

  /** The batch is not a well-formed JSON array. */
  public static final class MalformedBatchException extends Exception {
    MalformedBatchException(String message) {
      super(message);
    }
  }

  /** The records of {@code body}, in order. */
  public static List<byte[]> split(byte[] body) throws MalformedBatchException {
    int first = 0;
    while (first < body.length && isBlank(body[first])) {
      first++;
    }
    if (first < body.length && body[first] == '[') {
      return splitArray(body);
    }
    return splitLines(body);
  }

  private static List<byte[]> splitArray(byte[] body) throws MalformedBatchException {
    List<byte[]> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      p.nextToken(); // START_ARRAY, checked by the caller
      while (true) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new MalformedBatchException("the JSON array is not closed");
        }
        if (t == JsonToken.END_ARRAY) {
          break;
        }
        long start = p.currentTokenLocation().getByteOffset();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else {
          p.finishToken();
        }
        long end = p.currentLocation().getByteOffset();
        out.add(Arrays.copyOfRange(body, (int) start, (int) end));
      }
      if (p.nextToken() != null) {
        throw new MalformedBatchException("data after the closing ] of the JSON array");
      }
    } catch (IOException e) {
      throw new MalformedBatchException("the body is not a well-formed JSON array: " + firstLine(e.getMessage()));
    }
    return out;
  }

  private static List<byte[]> splitLines(byte[] body) {
    List<byte[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i;
        if (end > start && body[end - 1] == '\r') {
          end--;
        }
        if (!blankRange(body, start, end)) {
          out.add(Arrays.copyOfRange(body, start, end));
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean blankRange(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isBlank(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
