package org.okpay.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.shared.IpRateLimiter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscribing is limited per client IP, on the JSON API (429 with Retry-After) and on the status
 * page (the same status and a message in words). The test configuration allows many per hour so
 * other tests from 127.0.0.1 are not limited; here the window of one made-up address is filled
 * through the limiter itself, and the requests name that address in X-Forwarded-For (honoured:
 * the tests connect from loopback, a trusted proxy by default, okpay.http.trusted-proxies).
 */
@OkPayTest
class SubscriptionLimitTest {

  @LocalServerPort int port;
  @Autowired IpRateLimiter limiter;
  @Autowired JsonMapper json;
  @Value("${okpay.status.subscriptions-per-hour-per-ip}") int perHour;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theApiAnswers429WithRetryAfterOnceTheHourIsUsedUp() throws Exception {
    String ip = testNetworkIp();
    fill(ip, perHour - 1);

    HttpResponse<String> last = subscribeJson(ip);
    HttpResponse<String> refused = subscribeJson(ip);
    HttpResponse<String> otherIp = subscribeJson(testNetworkIp());

    assertThat(last.statusCode()).as(last.body()).isEqualTo(202);
    assertThat(json.readTree(last.body()).get("status").asString()).isEqualTo("check_your_email");
    assertThat(refused.statusCode()).isEqualTo(429);
    JsonNode problem = json.readTree(refused.body());
    assertThat(problem.get("code").asString()).isEqualTo("rate_limited");
    assertThat(problem.get("retryable").asBoolean()).isTrue();
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 3600L);
    assertThat(otherIp.statusCode()).as("another address has its own count").isEqualTo(202);
  }

  @Test
  void thePageSaysInWordsToTryLater() throws Exception {
    String ip = testNetworkIp();
    fill(ip, perHour);

    HttpResponse<String> page = subscribeForm(ip);

    assertThat(page.statusCode()).isEqualTo(429);
    assertThat(page.headers().firstValue("Retry-After")).isPresent();
    assertThat(page.body()).contains("id=\"subscribe-too-many\"")
        .contains("Please try again later").contains("data-code=\"rate_limited\"");
  }

  /** Uses up {@code count} of the address's subscriptions this hour, as requests would. */
  private void fill(String ip, int count) {
    for (int i = 0; i < count; i++) {
      limiter.acquire(StatusService.SUBSCRIBE_ACTION, ip, perHour, StatusService.SUBSCRIBE_WINDOW);
    }
  }

  private HttpResponse<String> subscribeJson(String ip) throws Exception {
    return http.send(HttpRequest.newBuilder(uri("/api/v1/status/subscriptions"))
        .header("Content-Type", "application/json").header("X-Forwarded-For", ip)
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email() + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The status page's form, with the CSRF cookie and token a browser would send. */
  private HttpResponse<String> subscribeForm(String ip) throws Exception {
    HttpResponse<String> form = http.send(HttpRequest.newBuilder(uri("/status?lang=en"))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    String cookie = form.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("XSRF-TOKEN=")).findFirst().orElseThrow().split(";")[0];
    Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(hidden.find()).isTrue();
    String body = "email=" + URLEncoder.encode(email(), StandardCharsets.UTF_8)
        + "&_csrf=" + URLEncoder.encode(hidden.group(1), StandardCharsets.UTF_8);
    return http.send(HttpRequest.newBuilder(uri("/status/subscribe?lang=en"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
        .header("Cookie", cookie).header("X-Forwarded-For", ip)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A random address of the benchmarking range (RFC 2544), which no other test uses. */
  private static String testNetworkIp() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198." + r.nextInt(18, 20) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }

  private static String email() {
    return "lim-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
