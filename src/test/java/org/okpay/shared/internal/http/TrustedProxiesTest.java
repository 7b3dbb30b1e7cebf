package org.okpay.shared.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forwarding headers count only from a trusted proxy. Here the only trusted proxy is 127.0.0.2,
 * so the same test can be a stranger (127.0.0.1, 127.0.0.1x: loopback, but not trusted in this
 * context) and the proxy. A stranger's X-Forwarded-For, -Host and -Proto change neither the
 * per-IP limit's key, nor the sign-in history, nor a link's host, nor the cookies' Secure flag
 * and HSTS; the proxy's do. Each test signs in from its own stranger address, so their per-IP
 * sign-in counts (3 a minute here) stay apart.
 */
@OkPayTest
@DirtiesContext
class TrustedProxiesTest {

  private static final String PROXY = "127.0.0.2";
  private static final int LOGINS_PER_MINUTE = 3;
  /** Enough to pass the limit even when the limiter's one-minute window turns over midway. */
  private static final int ATTEMPTS = 2 * LOGINS_PER_MINUTE + 1;

  @DynamicPropertySource
  static void onlyOneProxy(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("proxies"));
    registry.add("okpay.http.trusted-proxies", () -> PROXY);
    registry.add("okpay.identity.logins-per-minute-per-ip", () -> LOGINS_PER_MINUTE);
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;

  @Test
  void aStrangersForwardedForDoesNotEscapeTheSignInLimitButTheProxysNamesTheClient()
      throws Exception {
    String stranger = "127.0.0.11";
    String oneClient = randomIp();
    List<Integer> fromStranger = new ArrayList<>();
    List<Integer> fromProxyManyClients = new ArrayList<>();
    List<Integer> fromProxyOneClient = new ArrayList<>();
    for (int i = 0; i < ATTEMPTS; i++) {
      fromStranger.add(signIn(stranger, unknownEmail(), "X-Forwarded-For", randomIp()).status());
      fromProxyManyClients.add(signIn(PROXY, unknownEmail(), "X-Forwarded-For", randomIp())
          .status());
      fromProxyOneClient.add(signIn(PROXY, unknownEmail(), "X-Forwarded-For", oneClient).status());
    }

    assertThat(fromStranger).as("a new X-Forwarded-For each time is still one stranger")
        .contains(429).containsOnly(401, 429);
    assertThat(fromProxyManyClients).as("each client the proxy names has its own count")
        .containsOnly(401);
    assertThat(fromProxyOneClient).as("the client the proxy names is the key")
        .contains(429).containsOnly(401, 429);
  }

  @Test
  void signInHistoryShowsTheStrangerItselfAndTheClientTheProxyNames() throws Exception {
    String stranger = "127.0.0.12";
    String email = register(stranger);
    assertThat(signIn(stranger, email, "X-Forwarded-For", "203.0.113.7").status()).isEqualTo(201);
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    PeerHttp.Response viaProxy = signIn(PROXY, email,
        "X-Forwarded-For", "203.0.113.99, 198.51.100.23");
    assertThat(viaProxy.status()).isEqualTo(201);
    String token = json.readTree(viaProxy.body()).get("token").asString();

    PeerHttp.Response history = peer().send(stranger, "GET", "/api/v1/me/login-history", null,
        "Authorization", "Bearer " + token);

    assertThat(history.status()).as(history.body()).isEqualTo(200);
    List<String> ips = new ArrayList<>();
    for (JsonNode attempt : json.readTree(history.body())) {
      ips.add(attempt.get("ip").asString());
    }
    assertThat(ips).containsExactlyInAnyOrder(stranger, "198.51.100.23");
  }

  @Test
  void aStrangersForwardedHostChoosesNoRedirectOrLinkHostTheProxysDoes() throws Exception {
    String stranger = "127.0.0.1";
    PeerHttp.Response redirect = peer().send(stranger, "GET", "/account", null,
        "Accept", "text/html", "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https");
    PeerHttp.Response strangerFeed = peer().send(stranger, "GET", "/status/feed.atom", null,
        "X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https");
    PeerHttp.Response proxyFeed = peer().send(PROXY, "GET", "/status/feed.atom", null,
        "X-Forwarded-Host", "pay.example", "X-Forwarded-Proto", "https");

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("Location")).hasValueSatisfying(location -> assertThat(location)
        .doesNotContain("evil.example").matches("(http://localhost:" + port + ")?/login\\?.*"));
    assertThat(strangerFeed.status()).isEqualTo(200);
    assertThat(strangerFeed.body()).doesNotContain("evil.example").doesNotContain("https:")
        .contains("http://localhost:" + port + "/status");
    assertThat(proxyFeed.status()).isEqualTo(200);
    assertThat(proxyFeed.body()).contains("https://pay.example/status")
        .doesNotContain("localhost");
  }

  @Test
  void aStrangersForwardedProtoGetsNoSecureCookiesNorHstsTheProxysDoes() throws Exception {
    String stranger = "127.0.0.13";
    String email = register(stranger);

    PageSignIn asStranger = signInOnThePage(stranger, email);
    PageSignIn viaProxy = signInOnThePage(PROXY, email);

    assertThat(asStranger.csrfCookie()).doesNotContainIgnoringCase("secure");
    assertThat(asStranger.sessionCookie()).doesNotContainIgnoringCase("secure");
    assertThat(asStranger.hsts()).isFalse();
    assertThat(viaProxy.csrfCookie()).containsIgnoringCase("; secure");
    assertThat(viaProxy.sessionCookie()).containsIgnoringCase("; secure")
        .containsIgnoringCase("httponly");
    assertThat(viaProxy.hsts()).isTrue();
  }

  private record PageSignIn(String csrfCookie, String sessionCookie, boolean hsts) {
  }

  /** The sign-in form, both steps saying X-Forwarded-Proto: https (via the proxy, a client). */
  private PageSignIn signInOnThePage(String from, String email) throws Exception {
    String client = randomIp();
    PeerHttp.Response form = peer().send(from, "GET", "/login?lang=en", null,
        "Accept", "text/html", "X-Forwarded-Proto", "https", "X-Forwarded-For", client);
    assertThat(form.status()).isEqualTo(200);
    String csrfCookie = form.cookie("XSRF-TOKEN");
    Matcher hidden = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
    assertThat(hidden.find()).isTrue();
    String body = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(MoneyFixture.PASSWORD, StandardCharsets.UTF_8)
        + "&_csrf=" + URLEncoder.encode(hidden.group(1), StandardCharsets.UTF_8);
    PeerHttp.Response signedIn = peer().send(from, "POST", "/login", body,
        "Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html",
        "Cookie", csrfCookie.split(";")[0], "X-Forwarded-Proto", "https",
        "X-Forwarded-For", client);
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(302);
    return new PageSignIn(csrfCookie, signedIn.cookie(IdentityApi.SESSION_COOKIE),
        form.header("Strict-Transport-Security").isPresent());
  }

  private String register(String from) throws Exception {
    String email = "proxy-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    String body = json.writeValueAsString(java.util.Map.of("email", email,
        "password", MoneyFixture.PASSWORD, "displayName", "Pat", "language", "en",
        "country", "US", "defaultCurrency", "USD"));
    PeerHttp.Response registered = peer().send(from, "POST", "/api/v1/auth/register", body,
        "Content-Type", "application/json");
    assertThat(registered.status()).as(registered.body()).isEqualTo(202);
    return email;
  }

  private PeerHttp.Response signIn(String from, String email, String... headers) throws Exception {
    String body = json.writeValueAsString(java.util.Map.of("email", email,
        "password", MoneyFixture.PASSWORD));
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return peer().send(from, "POST", "/api/v1/auth/tokens", body, all);
  }

  private PeerHttp peer() {
    return new PeerHttp(port);
  }

  private static String unknownEmail() {
    return "nobody-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
  }

  /** A random address of the benchmarking range (RFC 2544), which no other test uses. */
  private static String randomIp() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "198." + r.nextInt(18, 20) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
  }
}
