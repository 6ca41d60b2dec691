package io.emojireactions.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many Server-Sent Events streams over a few selector threads: each connection sends one {@code
 * GET}, decodes the (chunked) HTTP/1.1 answer and reports every {@code reaction_count} of every
 * {@code data:} line (a batched {@code updates} message carries many) with the nanoTime it arrived
 * to a {@link Sink}. Bounded: connects are paced
 * (at most {@code maxPending} waiting for their answer), and {@link #close()} ends everything.
 */
final class SseClients implements AutoCloseable {

  /** Receives every event's count; called on selector threads, must be cheap and thread-safe. */
  interface Sink {
    void event(int thread, long reactionCount, long receivedNanos);
  }

  private static final byte[] COUNT_FIELD = "\"reaction_count\":".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress address;
  private final byte[] request;
  private final Sink sink;
  private final Loop[] loops;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong messages = new AtomicLong();
  private volatile boolean closed;

  SseClients(String host, int port, String path, int threads, Sink sink) throws IOException {
    this.address = new InetSocketAddress(host, port);
    this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    this.sink = sink;
    this.loops = new Loop[threads];
    for (int i = 0; i < threads; i++) {
      loops[i] = new Loop(i);
      loops[i].start();
    }
  }

  /** Opens {@code n} streams, at most {@code maxPending} at a time not yet answered. */
  void open(int n, int maxPending, long deadlineNanos) throws IOException, InterruptedException {
    for (int i = 0; i < n; i++) {
      while (pending.get() >= maxPending) {
        if (System.nanoTime() > deadlineNanos) {
          throw new IOException("connecting took too long: " + open.get() + " open, " + pending.get() + " pending");
        }
        Thread.sleep(1);
      }
      pending.incrementAndGet();
      SocketChannel ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(address);
      loops[i % loops.length].register(ch);
    }
    while (pending.get() > 0 && System.nanoTime() < deadlineNanos) {
      Thread.sleep(5);
    }
  }

  int openStreams() {
    return open.get();
  }

  int failedStreams() {
    return failed.get();
  }

  /** Updates received (each count of a batched message is one). */
  long events() {
    return events.get();
  }

  /** Data lines that carried at least one count. */
  long messages() {
    return messages.get();
  }

  @Override
  public void close() {
    closed = true;
    for (Loop l : loops) {
      l.selector.wakeup();
    }
    for (Loop l : loops) {
      try {
        l.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The per-connection parse state. */
  private final class Conn {
    final ByteBuffer out = ByteBuffer.wrap(request);
    final StringBuilder header = new StringBuilder();
    boolean answered;
    boolean chunked;
    long chunkLeft = -1; // -1: reading a chunk-size line; -2: reading the CRLF after a chunk
    final StringBuilder sizeLine = new StringBuilder();
    byte[] line = new byte[512];
    int lineLen;
  }

  private final class Loop extends Thread {
    final int index;
    final Selector selector;
    final List<SocketChannel> toRegister = new ArrayList<>();
    final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    final byte[] bytes = new byte[64 * 1024];

    Loop(int index) throws IOException {
      super("sse-client-" + index);
      setDaemon(true);
      this.index = index;
      this.selector = Selector.open();
    }

    void register(SocketChannel ch) {
      synchronized (toRegister) {
        toRegister.add(ch);
      }
      selector.wakeup();
    }

    @Override
    public void run() {
      try {
        while (!closed) {
          selector.select(100);
          synchronized (toRegister) {
            for (SocketChannel ch : toRegister) {
              ch.register(selector, SelectionKey.OP_CONNECT, new Conn());
            }
            toRegister.clear();
          }
          for (SelectionKey key : selector.selectedKeys()) {
            handle(key);
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } finally {
        for (SelectionKey k : selector.keys()) {
          try {
            k.channel().close();
          } catch (IOException ignored) {
            // closing anyway
          }
        }
        try {
          selector.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }

    private void handle(SelectionKey key) {
      SocketChannel ch = (SocketChannel) key.channel();
      Conn c = (Conn) key.attachment();
      try {
        if (key.isConnectable()) {
          ch.finishConnect();
          key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
          ch.write(c.out);
          if (!c.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (key.isValid() && key.isReadable()) {
          in.clear();
          int n = ch.read(in);
          if (n < 0) {
            fail(key, c);
            return;
          }
          long now = System.nanoTime();
          in.flip();
          in.get(bytes, 0, n);
          feed(c, bytes, 0, n, now);
        }
      } catch (IOException | RuntimeException e) {
        fail(key, c);
      }
    }

    private void fail(SelectionKey key, Conn c) {
      key.cancel();
      try {
        key.channel().close();
      } catch (IOException ignored) {
        // already broken
      }
      if (c.answered) {
        open.decrementAndGet();
      } else {
        pending.decrementAndGet();
      }
      failed.incrementAndGet();
    }

    /** The HTTP header, then the body (through the chunk decoder when chunked). */
    private void feed(Conn c, byte[] b, int off, int len, long now) {
      int i = off;
      int end = off + len;
      if (!c.answered) {
        while (i < end && !c.answered) {
          c.header.append((char) b[i++]);
          int h = c.header.length();
          if (h >= 4 && c.header.charAt(h - 1) == '\n' && c.header.charAt(h - 2) == '\r'
              && c.header.charAt(h - 3) == '\n' && c.header.charAt(h - 4) == '\r') {
            String head = c.header.toString();
            if (!head.startsWith("HTTP/1.1 200")) {
              throw new IllegalStateException("not 200: " + head.lines().findFirst().orElse(""));
            }
            c.chunked = head.toLowerCase().contains("transfer-encoding: chunked");
            c.answered = true;
            pending.decrementAndGet();
            open.incrementAndGet();
          }
        }
      }
      if (!c.chunked) {
        body(c, b, i, end, now);
        return;
      }
      while (i < end) {
        if (c.chunkLeft == -1) { // size line
          byte x = b[i++];
          if (x == '\n') {
            String s = c.sizeLine.toString().trim();
            int semi = s.indexOf(';');
            c.chunkLeft = Long.parseLong(semi >= 0 ? s.substring(0, semi) : s, 16);
            c.sizeLine.setLength(0);
            if (c.chunkLeft == 0) {
              throw new IllegalStateException("the stream ended");
            }
          } else if (x != '\r') {
            c.sizeLine.append((char) x);
          }
        } else if (c.chunkLeft == -2) { // CRLF after the data
          if (b[i++] == '\n') {
            c.chunkLeft = -1;
          }
        } else {
          int take = (int) Math.min(c.chunkLeft, end - i);
          body(c, b, i, i + take, now);
          i += take;
          c.chunkLeft -= take;
          if (c.chunkLeft == 0) {
            c.chunkLeft = -2;
          }
        }
      }
    }

    /** Event-stream bytes: lines; a {@code data:} line's reaction_count goes to the sink. */
    private void body(Conn c, byte[] b, int from, int to, long now) {
      for (int i = from; i < to; i++) {
        byte x = b[i];
        if (x == '\n') {
          dataLine(c, now);
          c.lineLen = 0;
        } else {
          if (c.lineLen == c.line.length) {
            c.line = java.util.Arrays.copyOf(c.line, c.line.length * 2);
          }
          c.line[c.lineLen++] = x;
        }
      }
    }

    private void dataLine(Conn c, long now) {
      byte[] l = c.line;
      int n = c.lineLen;
      if (n < 5 || l[0] != 'd' || l[1] != 'a' || l[2] != 't' || l[3] != 'a' || l[4] != ':') {
        return;
      }
      // A batched `updates` message carries many counts: every reaction_count is one update.
      boolean any = false;
      outer:
      for (int i = 5; i + COUNT_FIELD.length < n; i++) {
        for (int k = 0; k < COUNT_FIELD.length; k++) {
          if (l[i + k] != COUNT_FIELD[k]) {
            continue outer;
          }
        }
        long v = 0;
        int j = i + COUNT_FIELD.length;
        for (; j < n && l[j] >= '0' && l[j] <= '9'; j++) {
          v = v * 10 + (l[j] - '0');
        }
        events.incrementAndGet();
        sink.event(index, v, now);
        any = true;
        i = j - 1;
      }
      if (any) {
        messages.incrementAndGet();
      }
    }
  }
}
