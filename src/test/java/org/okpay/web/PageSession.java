package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.okpay.payments.MoneyFixture;

/** A browser's session over plain HTTP: signed in on the sign-in page, cookies kept. */
final class PageSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private PageSession() {
  }

  /** An HTTP client signed in as {@code email} (password {@link MoneyFixture#PASSWORD}). */
  static HttpClient signedIn(int port, String email) throws Exception {
    HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    Matcher csrf = CSRF.matcher(get(session, port, "/login", "text/html").body());
    assertThat(csrf.find()).isTrue();
    String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(MoneyFixture.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> signedIn = session.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
    return session;
  }

  static HttpResponse<String> get(HttpClient client, int port, String path, String accept)
      throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
  }
}
