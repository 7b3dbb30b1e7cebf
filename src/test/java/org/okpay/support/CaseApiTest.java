package org.okpay.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer cases API over HTTP: Idempotency-Key, one customer never sees or touches
 * another's case on any path (404 case_not_found, as for an unknown id), attachments are
 * limited in size and type and always served as a download.
 */
@OkPayTest
class CaseApiTest {

  static final String BASE = "/api/v1/me/support/cases";
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theSameIdempotencyKeyAnswersTheSameCaseAndOtherFieldsAreRefused() throws Exception {
    TestUser pat = users.user().create();
    Map<String, Object> body = Map.of("category", "payment_failed", "subject", "Card declined",
        "message", "Twice today");

    HttpResponse<String> first = send("POST", BASE, body, pat, "k-1");
    HttpResponse<String> again = send("POST", BASE, body, pat, "k-1");
    HttpResponse<String> other = send("POST", BASE, Map.of("category", "other",
        "subject", "Something else"), pat, "k-1");
    HttpResponse<String> noKey = send("POST", BASE, body, pat, null);
    HttpResponse<String> badCategory = send("POST", BASE, Map.of("category", "nope",
        "subject", "x"), pat, "k-2");

    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(read(again).get("id")).isEqualTo(read(first).get("id"));
    assertThat(read(first).get("answerBy").asString()).isNotBlank();
    assertThat(code(other)).isEqualTo("idempotency_key_reused");
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(code(noKey)).isEqualTo("idempotency_key_missing");
    assertThat(badCategory.statusCode()).isEqualTo(400);
    assertThat(read(badCategory).get("errors").get(0).get("field").asString())
        .isEqualTo("category");
  }

  @Test
  void anotherCustomersCaseIsNotFoundOnEveryPath() throws Exception {
    TestUser pat = users.user().create();
    TestUser sam = users.user().create();
    String id = read(send("POST", BASE, Map.of("category", "other", "subject", "Mine"), pat,
        "k")).get("id").asString();
    HttpResponse<String> posted = multipart(pat, id, "with a file", "a.png", "image/png", PNG);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    String attachment = read(get(pat, BASE + "/" + id)).get("messages").get(0)
        .get("attachments").get(0).get("id").asString();
    String window = Instant.now().plus(Duration.ofHours(2)).toString();
    String windowEnd = Instant.now().plus(Duration.ofHours(3)).toString();
    Map<String, Object> callback = Map.of("phone", "+8613800138000", "windowStart", window,
        "windowEnd", windowEnd);

    List<HttpResponse<String>> tries = List.of(
        send("GET", BASE + "/" + id, null, sam, null),
        send("POST", BASE + "/" + id + "/messages", Map.of("body", "hi"), sam, null),
        multipart(sam, id, "hi", "a.png", "image/png", PNG),
        send("GET", BASE + "/" + id + "/attachments/" + attachment, null, sam, null),
        send("POST", BASE + "/" + id + "/close", null, sam, null),
        send("POST", BASE + "/" + id + "/reopen", null, sam, null),
        send("POST", BASE + "/" + id + "/rating", Map.of("rating", 5), sam, null),
        send("POST", BASE + "/" + id + "/callback", callback, sam, null));
    for (HttpResponse<String> r : tries) {
      assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(404);
      assertThat(code(r)).isEqualTo("case_not_found");
    }
    assertThat(read(get(sam, BASE)).get("cases")).isEmpty();
    // Nothing moved: still open with its one message, no call-back.
    JsonNode mine = read(get(pat, BASE + "/" + id));
    assertThat(mine.get("supportCase").get("status").asString()).isEqualTo("open");
    assertThat(mine.get("messages")).hasSize(1);
    assertThat(mine.get("callbacks")).isEmpty();
    // The owner can do what the other could not.
    assertThat(send("POST", BASE + "/" + id + "/callback", callback, pat, null).statusCode())
        .isEqualTo(201);
    assertThat(send("POST", BASE + "/" + id + "/close", null, pat, null).statusCode())
        .isEqualTo(200);
    assertThat(send("POST", BASE + "/" + id + "/rating", Map.of("rating", 4), pat, null)
        .statusCode()).isEqualTo(200);
    assertThat(code(send("POST", BASE + "/" + id + "/rating", Map.of("rating", 5), pat, null)))
        .isEqualTo("case_already_rated");
  }

  @Test
  void attachmentsAreLimitedAndServedAsDownloads() throws Exception {
    TestUser pat = users.user().create();
    String id = read(send("POST", BASE, Map.of("category", "other", "subject", "Files"), pat,
        "k")).get("id").asString();

    byte[] big = Arrays.copyOf(PNG, SupportApi.ATTACHMENT_BYTES_MAX + 1);
    HttpResponse<String> tooLarge = multipart(pat, id, "big", "big.png", "image/png", big);
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> disguised = multipart(pat, id, "page", "x.png", "image/png", html);
    HttpResponse<String> zip = multipart(pat, id, "zip", "a.zip", "application/zip",
        new byte[] {'P', 'K', 3, 4, 0, 0});
    HttpResponse<String> text = multipart(pat, id, "log", "log.html", "text/html",
        "line one\nline two\n".getBytes(StandardCharsets.UTF_8));

    assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
    assertThat(disguised.statusCode()).as(disguised.body()).isEqualTo(415);
    assertThat(code(disguised)).isEqualTo("case_attachment_type");
    assertThat(zip.statusCode()).isEqualTo(415);
    assertThat(text.statusCode()).as(text.body()).isEqualTo(200);
    JsonNode messages = read(get(pat, BASE + "/" + id)).get("messages");
    assertThat(messages).hasSize(1);
    JsonNode file = messages.get(0).get("attachments").get(0);
    assertThat(file.get("contentType").asString()).isEqualTo("text/plain");
    assertThat(file.get("fileName").asString()).isEqualTo("log.txt");

    HttpResponse<String> download = send("GET", BASE + "/" + id + "/attachments/"
        + file.get("id").asString(), null, pat, null);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");
    assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(download.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain");
    assertThat(download.body()).isEqualTo("line one\nline two\n");
  }

  HttpResponse<String> get(TestUser user, String path) throws Exception {
    HttpResponse<String> r = send("GET", path, null, user, null);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return r;
  }

  HttpResponse<String> send(String method, String path, Object body, TestUser user,
      String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
        .header("Authorization", "Bearer " + user.token());
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> multipart(TestUser user, String caseId, String text, String fileName,
      String type, byte[] content) throws Exception {
    String boundary = "b" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n"
        + text + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
        + "filename=\"" + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    out.write(content);
    out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE
            + "/" + caseId + "/messages")).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json").header("Authorization", "Bearer " + user.token())
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  JsonNode read(HttpResponse<String> r) {
    return json.readTree(r.body());
  }

  String code(HttpResponse<String> r) {
    return read(r).get("code").asString();
  }
}
