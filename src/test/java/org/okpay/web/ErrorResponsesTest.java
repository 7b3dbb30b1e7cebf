package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client sees when a request goes wrong, over real HTTP against the running server:
 * problem+json with a stable code for programs, a localized page for browsers, never a 500 for a
 * client's mistake, and never the text of an exception.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ErrorResponsesTest {

  private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @LocalServerPort
  private int port;

  @Value("${okpay.http.max-body-bytes}")
  private int maxBodyBytes;

  @Autowired
  private MessageSource messages;

  // HTTP/1.1 so that "chunked" really means chunked transfer encoding.
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void unknownApiRouteIsProblemJson404() throws Exception {
    HttpResponse<String> response = send(get("/api/v1/nope").build());

    JsonNode problem = problem(response, 404, "route_not_found");
    assertThat(problem.path("status").asInt()).isEqualTo(404);
    assertThat(problem.path("instance").asString()).isEqualTo("/api/v1/nope");
    assertThat(problem.path("retryable").asBoolean(true)).isFalse();
    assertThat(problem.path("title").asString()).isEqualTo(text("error.title.404", Locale.ENGLISH));
    assertThat(problem.path("detail").asString())
        .isEqualTo(text("error.route_not_found", Locale.ENGLISH));
  }

  @Test
  void chineseAcceptLanguageGivesChineseMessage() throws Exception {
    HttpResponse<String> response = send(get("/api/v1/nope").header("Accept-Language", "zh-CN").build());

    JsonNode problem = problem(response, 404, "route_not_found");
    String detail = problem.path("detail").asString();
    assertThat(detail).isEqualTo(text("error.route_not_found", ZH))
        .isNotEqualTo(text("error.route_not_found", Locale.ENGLISH));
    assertThat(problem.path("title").asString()).isEqualTo(text("error.title.404", ZH));
  }

  @Test
  void wrongMethodOnPageIs405WithAllow() throws Exception {
    // A state-changing method on a page needs the CSRF token first: take it from a form.
    HttpResponse<String> form = send(request("/admin/ledger").GET().build());
    String cookie = form.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow().split(";")[0];
    java.util.regex.Matcher hidden = java.util.regex.Pattern
        .compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(hidden.find()).as("the sign-in form carries a CSRF token").isTrue();

    problem(send(request("/").DELETE().build()), 403, "csrf_rejected");
    HttpResponse<String> response = send(request("/").DELETE().header("Cookie", cookie)
        .header("X-XSRF-TOKEN", hidden.group(1)).build());

    problem(response, 405, "method_not_allowed");
    assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
        allow -> assertThat(allow).contains("GET"));
  }

  @Test
  void wrongMethodOnApiRouteIs405() throws Exception {
    HttpResponse<String> response = send(get(EchoTestController.ECHO_PATH).build());

    problem(response, 405, "method_not_allowed");
    assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(
        allow -> assertThat(allow).contains("POST"));
  }

  @Test
  void malformedJsonIs400MalformedRequest() throws Exception {
    HttpResponse<String> response = send(postJson(BodyPublishers.ofString("{\"name\": ")));

    JsonNode problem = problem(response, 400, "malformed_request");
    // Nothing from the parser's own message (which quotes the input) reaches the client.
    assertThat(response.body()).doesNotContain("Unexpected end-of-input").doesNotContain("JsonEOF");
    assertThat(problem.path("detail").asString())
        .isEqualTo(text("error.malformed_request", Locale.ENGLISH));
  }

  @Test
  void invalidFieldIs400ValidationFailedNamingTheField() throws Exception {
    HttpResponse<String> response = send(postJson(BodyPublishers.ofString("{\"name\": \"  \"}")));

    JsonNode problem = problem(response, 400, "validation_failed");
    JsonNode firstError = problem.path("errors").path(0);
    assertThat(firstError.path("field").asString()).isEqualTo("name");
    assertThat(firstError.path("message").asString()).isNotBlank();
  }

  @Test
  void fieldMessageFollowsTheLanguage() throws Exception {
    HttpResponse<String> response = send(request(EchoTestController.ECHO_PATH)
        .header("Content-Type", "application/json").header("Accept-Language", "zh-CN")
        .POST(BodyPublishers.ofString("{\"name\": \"\"}")).build());

    JsonNode problem = problem(response, 400, "validation_failed");
    assertThat(problem.path("detail").asString()).isEqualTo(text("error.validation_failed", ZH));
    assertThat(problem.path("errors").path(0).path("message").asString())
        .matches(".*\\p{IsHan}.*");
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    HttpResponse<String> response = send(request(EchoTestController.ECHO_PATH)
        .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("name=x")).build());

    problem(response, 415, "unsupported_media_type");
  }

  @Test
  void bodyExactlyAtTheLimitIsAccepted() throws Exception {
    // The limit must not cut off a legitimate body: a sized and a chunked one of exactly the limit.
    byte[] body = echoBody(maxBodyBytes);

    assertThat(send(postJson(BodyPublishers.ofByteArray(body))).statusCode()).isEqualTo(200);
    assertThat(send(postJson(chunked(body))).statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBodyWithContentLengthIs413() throws Exception {
    HttpResponse<String> response = send(postJson(BodyPublishers.ofByteArray(echoBody(maxBodyBytes + 1))));

    problem(response, 413, "payload_too_large");
  }

  @Test
  void oversizedChunkedBodyIs413() throws Exception {
    BodyPublisher publisher = chunked(echoBody(maxBodyBytes + 1));
    assertThat(publisher.contentLength()).as("no Content-Length, so chunked").isNegative();

    HttpResponse<String> response = send(postJson(publisher));

    problem(response, 413, "payload_too_large");
  }

  @Test
  void programmerErrorIs500WithReferenceAndNoExceptionText() throws Exception {
    HttpResponse<String> response = send(get(EchoTestController.API_BOOM_PATH).build());

    JsonNode problem = problem(response, 500, "internal_error");
    assertThat(problem.path("reference").asString()).matches("[0-9a-f-]{36}");
    assertThat(problem.path("retryable").asBoolean(false)).isTrue();
    assertThat(response.body()).doesNotContain(EchoTestController.SECRET)
        .doesNotContain("IllegalStateException");
  }

  @Test
  void browserGetsEnglishErrorPageByDefault() throws Exception {
    HttpResponse<String> response = send(get("/no-such-page").header("Accept", BROWSER_ACCEPT).build());

    String html = page(response, 404);
    assertThat(html).contains("<html lang=\"en\"")
        .contains(text("error.title.404", Locale.ENGLISH))
        .contains(text("error.route_not_found", Locale.ENGLISH))
        .contains("route_not_found")
        .contains("href=\"/\"");
  }

  @Test
  void browserGetsErrorPageInTheChosenLanguage() throws Exception {
    HttpResponse<String> response = send(get("/no-such-page")
        .header("Accept", BROWSER_ACCEPT).header("Accept-Language", "zh-CN,zh;q=0.9").build());

    String html = page(response, 404);
    assertThat(html).contains("<html lang=\"zh-CN\"")
        .contains(text("error.title.404", ZH))
        .contains(text("error.route_not_found", ZH))
        .doesNotContain(text("error.route_not_found", Locale.ENGLISH));
  }

  @Test
  void languageCookieOutranksAcceptLanguage() throws Exception {
    HttpResponse<String> response = send(get("/no-such-page")
        .header("Accept", BROWSER_ACCEPT).header("Accept-Language", "en")
        .header("Cookie", "okpay_lang=zh-CN").build());

    assertThat(page(response, 404)).contains("<html lang=\"zh-CN\"")
        .contains(text("error.route_not_found", ZH));
  }

  @Test
  void unsupportedLanguageGetsEnglishPageThatSaysItIsEnglish() throws Exception {
    HttpResponse<String> response = send(get("/no-such-page?lang=fr")
        .header("Accept", BROWSER_ACCEPT).build());

    assertThat(page(response, 404)).contains("<html lang=\"en\"")
        .contains(text("error.route_not_found", Locale.ENGLISH));
  }

  @Test
  void browserSeesReferenceButNoExceptionTextOn500Page() throws Exception {
    HttpResponse<String> response = send(get(EchoTestController.PAGE_BOOM_PATH)
        .header("Accept", BROWSER_ACCEPT).build());

    String html = page(response, 500);
    assertThat(html).contains(text("error.internal_error", Locale.ENGLISH))
        .containsPattern("<code>[0-9a-f-]{36}</code>")
        .doesNotContain(EchoTestController.SECRET);
  }

  // --- helpers -------------------------------------------------------------------------------

  private JsonNode problem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith(PROBLEM_JSON));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("code").asString()).isEqualTo(code);
    assertThat(problem.path("type").asString()).isEqualTo("urn:okpay:problem:" + code);
    return problem;
  }

  private static String page(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    return response.body();
  }

  private String text(String key, Locale locale) {
    return messages.getMessage(key, null, locale);
  }

  /** {"name":"aaa…"} of exactly {@code sizeBytes} bytes. */
  private static byte[] echoBody(int sizeBytes) {
    String prefix = "{\"name\":\"";
    String suffix = "\"}";
    String body = prefix + "a".repeat(sizeBytes - prefix.length() - suffix.length()) + suffix;
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes).hasSize(sizeBytes);
    return bytes;
  }

  /** A body of unknown length, which HttpClient sends with chunked transfer encoding. */
  private static BodyPublisher chunked(byte[] body) {
    return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
  }

  private HttpRequest postJson(BodyPublisher body) {
    return request(EchoTestController.ECHO_PATH).header("Content-Type", "application/json")
        .POST(body).build();
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
