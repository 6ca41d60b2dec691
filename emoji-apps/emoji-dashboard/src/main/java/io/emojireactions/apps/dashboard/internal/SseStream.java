package io.emojireactions.apps.dashboard.internal;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSinkChannel;

/**
 * One browser's event stream: a queue of encoded {@link SseMessage}s written to the connection
 * on its I/O thread, without blocking the sender.
 *
 * <p>Bounded: at most {@code maxLiveBytes} bytes of live messages ({@link #broadcast}) wait
 * for one browser, each counted with {@value #ENTRY_OVERHEAD_BYTES} bytes of its own bookkeeping
 * (the messages are shared between streams, so this bounds what one slow browser keeps alive). A
 * live message beyond the bound drops the waiting ones, queues the {@value
 * #RESYNC_EVENT} event instead, and closes the stream once that is written; the browser's
 * EventSource then reconnects with its {@code Last-Event-ID} and gets what it missed, from the
 * hub's ring or as a full snapshot. A browser that does not read at all is closed after {@code
 * closeGrace} either way. The first messages of a stream ({@link #sendInitial}: its replay) do not
 * count towards the bound, which is about falling behind the live stream: a replay is bounded by
 * the hub's state (its rooms per window and its kept windows), not by this.
 *
 * <p>Thread-safe: any thread may send; only the connection's I/O thread writes.
 */
final class SseStream {

  /** What queueing a message did. */
  enum Outcome {
    /** Queued for writing. */
    QUEUED,
    /** Not queued: the browser fell behind past the bound and is told to resync (this send did it). */
    OVERFLOWED,
    /** Not queued: the stream is closed or already resyncing. */
    CLOSED
  }

  /** The event a browser that fell behind gets before its stream closes. */
  static final String RESYNC_EVENT = "resync";

  private static final SseMessage RESYNC = SseMessage.of(RESYNC_EVENT, null,
      "{\"reason\":\"SLOW_CLIENT\",\"message\":\"this browser fell behind the live updates; reconnect to resume\"}", false);

  private record Entry(ByteBuffer bytes, int liveBytes) {}

  /**
   * What one waiting message costs this stream besides the shared bytes (its entry, its view of
   * the bytes, its slot in the queue), counted towards the bound: so ten thousand stalled
   * browsers of many tiny messages are bounded too.
   */
  static final int ENTRY_OVERHEAD_BYTES = 128;

  /** The most bytes of queued messages one gathering write takes (at least one message). */
  private static final long GATHER_BYTES = 64 * 1024;

  private final ServerConnection connection;
  private final StreamSinkChannel sink;
  private final XnioIoThread io;
  private final long maxLiveBytes;
  private final Duration closeGrace;
  /** Guarded by {@code this}. */
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private long liveBytes;
  private boolean writing;
  private boolean resyncing;
  private boolean closed;
  /** The messages being written, {@code [writingFrom, writingTo)}; I/O thread only. */
  private final ByteBuffer[] writingNow = new ByteBuffer[16];
  private int writingFrom;
  private int writingTo;

  /** A stream over the exchange's response channel, whose headers may not have been written yet. */
  SseStream(HttpServerExchange exchange, long maxLiveBytes, Duration closeGrace) {
    this.connection = exchange.getConnection();
    this.sink = exchange.getResponseChannel();
    this.io = exchange.getIoThread();
    this.maxLiveBytes = maxLiveBytes;
    this.closeGrace = closeGrace;
    sink.getWriteSetter().set(channel -> {
      channel.suspendWrites();
      writeOut();
    });
  }

  /** Runs {@code task} once the connection closed, whoever closed it (never under this stream's lock). */
  void onClose(Runnable task) {
    connection.addCloseListener(c -> task.run());
  }

  /** Whether the stream is still open. */
  boolean isOpen() {
    synchronized (this) {
      if (closed) {
        return false;
      }
    }
    return connection.isOpen();
  }

  /** Queues one of the stream's first messages (its replay), outside the bound. */
  void sendInitial(SseMessage message) {
    startIfNeeded(enqueue(message, false));
  }

  /**
   * Queues a live message on every stream, bounded as the class describes, with one task per I/O
   * thread that starts the writes of all its idle streams rather than one task per stream: with
   * ten thousand browsers that is a couple of hand-offs instead of ten thousand.
   *
   * @param overflowed called with each stream this message made overflow
   */
  static void broadcast(SseMessage message, Iterable<SseStream> streams, Consumer<SseStream> overflowed) {
    Map<XnioIoThread, List<SseStream>> toStart = new HashMap<>();
    for (SseStream s : streams) {
      Queued q = s.enqueue(message, true);
      if (q.outcome() == Outcome.OVERFLOWED) {
        overflowed.accept(s);
        s.startIfNeeded(q);
      } else if (q.start()) {
        toStart.computeIfAbsent(s.io, io -> new ArrayList<>()).add(s);
      }
    }
    toStart.forEach((io, list) -> io.execute(() -> list.forEach(SseStream::writeOut)));
  }

  /** What {@link #enqueue} did, and whether the caller must start the writer (the stream was idle). */
  private record Queued(Outcome outcome, boolean start) {}

  private void startIfNeeded(Queued q) {
    if (q.start()) {
      io.execute(this::writeOut);
    }
    if (q.outcome() == Outcome.OVERFLOWED) {
      io.executeAfter(this::close, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private Queued enqueue(SseMessage message, boolean live) {
    synchronized (this) {
      if (closed || resyncing) {
        return new Queued(Outcome.CLOSED, false);
      }
      Outcome outcome = Outcome.QUEUED;
      // The bytes are shared between streams; what this stream alone holds per message is its entry.
      int size = message.size() + ENTRY_OVERHEAD_BYTES;
      // A live message always fits an empty queue, so no message is too large to deliver alone.
      if (live && liveBytes > 0 && liveBytes + size > maxLiveBytes) {
        queue.clear();
        liveBytes = 0;
        queue.add(new Entry(RESYNC.view(), 0));
        resyncing = true;
        outcome = Outcome.OVERFLOWED;
      } else {
        queue.add(new Entry(message.view(), live ? size : 0));
        if (live) {
          liveBytes += size;
        }
      }
      boolean start = !writing;
      writing = true;
      return new Queued(outcome, start);
    }
  }

  /** Writes what is queued until the socket takes no more (then resumes when writable) or nothing is left. I/O thread. */
  private void writeOut() {
    try {
      while (true) {
        if (writingFrom == writingTo) {
          synchronized (this) {
            if (closed) {
              return;
            }
            writingFrom = 0;
            writingTo = 0;
            // Messages taken here leave the bound's count, so take at most about one socket buffer's worth.
            long taken = 0;
            Entry next;
            while (writingTo < writingNow.length && taken < GATHER_BYTES && (next = queue.poll()) != null) {
              writingNow[writingTo++] = next.bytes();
              taken += next.bytes().remaining();
              liveBytes -= next.liveBytes();
            }
          }
        }
        if (writingFrom < writingTo) {
          // One gathering write for every message waiting: one system call, however many messages.
          sink.write(writingNow, writingFrom, writingTo - writingFrom);
          while (writingFrom < writingTo && !writingNow[writingFrom].hasRemaining()) {
            writingNow[writingFrom++] = null;
          }
          if (writingFrom < writingTo) {
            sink.resumeWrites(); // the write listener continues here once the socket drains
            return;
          }
          continue;
        }
        if (!sink.flush()) {
          sink.resumeWrites();
          return;
        }
        synchronized (this) {
          if (!queue.isEmpty()) {
            continue;
          }
          writing = false;
          if (!resyncing) {
            return;
          }
        }
        close(); // the resync event is written: end the stream so that the browser reconnects
        return;
      }
    } catch (IOException e) {
      close(); // the browser left
    }
  }

  /** Closes the stream and its connection, dropping what waits. Idempotent, any thread. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      liveBytes = 0;
    }
    IoUtils.safeClose(connection);
  }
}
