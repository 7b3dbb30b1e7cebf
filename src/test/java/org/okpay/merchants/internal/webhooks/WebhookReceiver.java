package org.okpay.merchants.internal.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A merchant's server for tests: a real HTTP server on 127.0.0.1 that answers with the status
 * codes it is told (then {@code defaultStatus}) and keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {

  record Hit(Headers headers, String body) {
    String header(String name) {
      return headers.getFirst(name);
    }
  }

  private final HttpServer server;
  private final ConcurrentLinkedDeque<Integer> statuses = new ConcurrentLinkedDeque<>();
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private volatile int defaultStatus = 200;
  private volatile String answer = "ok";
  private volatile long delayMs;

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      hits.add(new Hit(exchange.getRequestHeaders(), body));
      if (delayMs > 0) {
        try {
          Thread.sleep(delayMs); // a slow merchant server, not a synchronization
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Integer next = statuses.pollFirst();
      int status = next == null ? defaultStatus : next;
      byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply);
      }
    });
    server.start();
  }

  /** The next answers, in order; after them {@link #defaultStatus}. */
  WebhookReceiver answer(Integer... codes) {
    statuses.addAll(List.of(codes));
    return this;
  }

  WebhookReceiver defaultStatus(int status) {
    this.defaultStatus = status;
    return this;
  }

  /** Answers only after this long. */
  WebhookReceiver slow(long ms) {
    this.delayMs = ms;
    return this;
  }

  WebhookReceiver body(String text) {
    this.answer = text;
    return this;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
  }

  List<Hit> hits() {
    return List.copyOf(hits);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
