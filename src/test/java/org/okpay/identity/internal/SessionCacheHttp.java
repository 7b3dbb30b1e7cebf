package org.okpay.identity.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.okpay.shared.ChangeFeed;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/me} with a bearer token on one instance: what the session filter made of
 * the token (the user it served, or 401), and a change feed held stuck, for the session cache's
 * tests.
 */
final class SessionCacheHttp {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The answer: {@code status} and, when 200, the user's id and time zone. */
  record Me(int status, UUID userId, String timeZone) {
  }

  private SessionCacheHttp() {
  }

  static Me me(int port, String token) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/v1/me"))
        .header("Authorization", "Bearer " + token).GET().build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return new Me(response.statusCode(), null, null);
      }
      JsonNode body = JSON.readTree(response.body());
      return new Me(200, UUID.fromString(body.get("id").asString()),
          body.get("timeZone").asString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code method} to {@code path} with the token and a JSON body (or none). */
  static int send(int port, String method, String path, String token, String json) {
    HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, body).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Holds the feed's thread inside a listener of the session channel (registered after the
   * cache's own, and fed a notice of no one's to get there), so later notices wait while the
   * feed still says it is live, as when its connection died unnoticed. Closing lets them through.
   */
  static final class StuckFeed implements AutoCloseable {

    private final AtomicBoolean hold = new AtomicBoolean();
    private final CountDownLatch release = new CountDownLatch(1);

    StuckFeed(ChangeFeed feed, JdbcClient jdbc, Duration waitMax) {
      AtomicBoolean held = new AtomicBoolean();
      feed.subscribeWithPayload(SessionCache.CHANNEL, payload -> {
        if (payload != null && hold.get()) {
          held.set(true);
          try {
            release.await(waitMax.toSeconds() * 3, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      // Subscribing reconnects the feed; then the next notice gets the thread stuck.
      org.awaitility.Awaitility.await().atMost(waitMax).until(feed::live);
      hold.set(true);
      jdbc.sql("select pg_notify(:c, :p)").param("c", SessionCache.CHANNEL)
          .param("p", UUID.randomUUID().toString()).query(String.class).single();
      org.awaitility.Awaitility.await().atMost(waitMax).untilTrue(held);
    }

    @Override
    public void close() {
      hold.set(false);
      release.countDown();
    }
  }
}
