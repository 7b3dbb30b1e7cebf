package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every link, stylesheet and script a page points at answers: no dead nav link, and the htmx
 * webjar really is served at its version-less path.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PageLinksTest {

  /** Site-absolute targets of href and src; relative ones (?lang=…, #main) are the page itself. */
  private static final Pattern TARGET = Pattern.compile("(?:href|src)=\"(/[^\"]*)\"");

  @LocalServerPort
  private int port;

  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL) // /swagger-ui.html redirects to its index
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @Test
  void everythingTheHomePageLinksToAnswers() throws Exception {
    Set<String> targets = targetsOf(get("/", "text/html").body());

    assertThat(targets).contains("/", "/css/okpay.css", "/webjars/htmx.org/dist/htmx.min.js",
        "/swagger-ui.html", "/status");
    for (String target : targets) {
      assertThat(get(target, "*/*").statusCode()).as(target).isEqualTo(200);
    }
  }

  @Test
  void htmxIsServedAsJavaScript() throws Exception {
    HttpResponse<String> response = get("/webjars/htmx.org/dist/htmx.min.js", "*/*");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).contains("javascript"));
    assertThat(response.body()).contains("htmx");
  }

  private static Set<String> targetsOf(String html) {
    Set<String> targets = new TreeSet<>();
    Matcher matcher = TARGET.matcher(html);
    while (matcher.find()) {
      targets.add(matcher.group(1));
    }
    return targets;
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build();
    return http.send(request, BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
