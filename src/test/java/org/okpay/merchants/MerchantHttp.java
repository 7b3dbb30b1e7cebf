package org.okpay.merchants;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The merchant APIs over real HTTP: a bearer (API key or user token) and JSON. */
public final class MerchantHttp {

  private final int port;
  private final JsonMapper json;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  public MerchantHttp(int port, JsonMapper json) {
    this.port = port;
    this.json = json;
  }

  public HttpResponse<String> get(String path, String bearer) throws Exception {
    return send("GET", path, null, bearer);
  }

  /** Sends {@code body} (null for none) as JSON; {@code bearer} null sends no Authorization. */
  public HttpResponse<String> send(String method, String path, Object body, String bearer)
      throws Exception {
    return sendRaw(method, path, body, bearer == null ? null : "Bearer " + bearer);
  }

  /** The same with the Authorization header exactly as given (null: none). */
  public HttpResponse<String> sendRaw(String method, String path, Object body,
      String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(15))
        .header("Accept", "application/json");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode read(HttpResponse<String> response) {
    return json.readTree(response.body());
  }
}
