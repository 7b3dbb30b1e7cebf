package org.okpay.identity.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/me} with a bearer token on one instance: what the session filter made of
 * the token (the user it served, or 401), for the session cache's tests.
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
}
