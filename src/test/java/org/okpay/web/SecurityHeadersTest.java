package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.notify.DevMailbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Security headers on every kind of response (page, API, error page, problem+json, static file),
 * HSTS only over TLS, and pages that need no inline script or style, so the
 * Content-Security-Policy can forbid both. ContentSecurityPolicyBrowserTest shows the pages
 * still work under the policy in a real browser.
 */
@OkPayTest
class SecurityHeadersTest {

  /**
   * A tag's inline handler or style attribute (on*=, th:on*=, style=, th:style=, also inside
   * a th:attr list).
   */
  private static final Pattern INLINE_ATTRIBUTE =
      Pattern.compile("[\\s\"',|](?:th:)?(on[a-z]+|style)\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[a-zA-Z][^>]*>");
  private static final Pattern SCRIPT =
      Pattern.compile("<script\\b[^>]*>", Pattern.CASE_INSENSITIVE);

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired DevMailbox mailbox;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyKindOfResponseCarriesTheHeaders() throws Exception {
    List<HttpResponse<String>> responses = List.of(
        get(http, "/", "text/html"),
        get(http, "/api/v1/status", "application/json"),
        get(http, "/no-such-page", "text/html"),
        get(http, "/api/v1/me", "application/json"),
        get(http, "/css/okpay.css", "text/css"));

    assertThat(responses).extracting(HttpResponse::statusCode)
        .containsExactly(200, 200, 404, 401, 200);
    for (HttpResponse<String> response : responses) {
      String what = response.uri().getPath();
      assertThat(response.headers().allValues("Content-Security-Policy")).as(what)
          .singleElement().satisfies(csp -> assertThat(csp)
              .contains("default-src 'self'", "script-src 'self'", "style-src 'self'",
                  "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")
              .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
      assertThat(response.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
      assertThat(response.headers().firstValue("Permissions-Policy")).as(what)
          .hasValueSatisfying(p -> assertThat(p).contains("camera=()", "payment=()"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what)
          .hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
      assertThat(response.headers().firstValue("Strict-Transport-Security"))
          .as(what + ": plain HTTP gets no HSTS").isEmpty();
    }
  }

  @Test
  void swaggerUiAloneMayUseInlineStylesButNotInlineScript() throws Exception {
    HttpResponse<String> swagger = get(http, "/swagger-ui/index.html", "text/html");

    assertThat(swagger.statusCode()).isEqualTo(200);
    assertThat(swagger.headers().allValues("Content-Security-Policy")).singleElement()
        .satisfies(csp -> assertThat(csp).contains("style-src 'self' 'unsafe-inline'",
            "script-src 'self';", "frame-ancestors 'none'"));
  }

  @Test
  void hstsOnlyWhenTheRequestCameOverTls() throws Exception {
    // The tests connect from loopback, a trusted proxy by default (TrustedProxiesTest shows
    // that a stranger saying https gets no HSTS).
    HttpResponse<String> behindTls = http.send(HttpRequest.newBuilder(uri("/login"))
        .header("Accept", "text/html").header("X-Forwarded-Proto", "https").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(behindTls.headers().firstValue("Strict-Transport-Security"))
        .hasValue("max-age=31536000 ; includeSubDomains");
  }

  @Test
  void noRenderedPageHasInlineScriptHandlerOrStyle() throws Exception {
    HttpClient session = PageSession.signedIn(port,
        users.user().create().email());
    String month = YearMonth.now(ZoneOffset.UTC).toString();
    List<String> pages = List.of("/", "/login", "/register", "/forgot-password", "/status",
        "/fees", "/sandbox", "/dev/mailbox", "/no-such-page", "/account", "/account/money",
        "/account/money/transactions", "/account/money/statements/" + month,
        "/account/money/top-up", "/account/money/send", "/account/money/withdraw",
        "/account/money/convert", "/account/money/abroad", "/account/cards",
        "/account/bank-accounts", "/account/notifications");

    for (String page : pages) {
      HttpResponse<String> response = get(session, page, "text/html");
      assertThat(response.statusCode()).as(page).isIn(200, 404);
      assertThat(response.body()).as(page).contains("<html");
      assertThat(inlineCode(response.body())).as(page).isEmpty();
    }
  }

  @Test
  void noTemplateHasInlineScriptHandlerOrStyle() throws IOException {
    // E-mail templates are exempt: mail clients need inline styles, and the development mailbox
    // shows them in a sandboxed frame under a policy of their own.
    List<Path> templates;
    try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
      templates = files.filter(f -> f.toString().endsWith(".html"))
          .filter(f -> !f.toString().contains("/mail/")).toList();
    }

    assertThat(templates).hasSizeGreaterThan(30);
    for (Path template : templates) {
      assertThat(inlineCode(Files.readString(template))).as(template.toString()).isEmpty();
    }
  }

  /** Each inline script, style element, handler or style attribute, or javascript: URL. */
  static List<String> inlineCode(String html) {
    List<String> found = new ArrayList<>();
    Matcher script = SCRIPT.matcher(html);
    while (script.find()) {
      if (!script.group().contains(" src=")) {
        found.add(script.group());
      }
    }
    if (html.toLowerCase().contains("<style")) {
      found.add("<style>");
    }
    Matcher tag = TAG.matcher(html);
    while (tag.find()) {
      if (INLINE_ATTRIBUTE.matcher(tag.group()).find()
          || tag.group().toLowerCase().contains("javascript:")) {
        found.add(tag.group());
      }
    }
    return found;
  }

  private HttpResponse<String> get(HttpClient client, String path, String accept)
      throws Exception {
    return PageSession.get(client, port, path, accept);
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
