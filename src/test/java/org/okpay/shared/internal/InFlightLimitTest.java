package org.okpay.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * More requests in flight than okpay.http.in-flight-max: the next is answered 503 server_busy
 * (problem+json, Retry-After, in the caller's language) without reaching the application; health
 * is not counted; a permit comes back when its request ends.
 */
@OkPayTest
class InFlightLimitTest {

  @Autowired ErrorResponder responder;
  @Autowired JsonMapper json;

  @Test
  void oneRequestPastTheLimitIsAnsweredBusyAndThePermitComesBack() throws Exception {
    Filter filter = new InFlightLimitFilter(responder, 1);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FilterChain slow = (req, res) -> {
      inside.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ((MockHttpServletResponse) res).setStatus(200);
    };
    MockHttpServletResponse first = new MockHttpServletResponse();
    CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
      try {
        filter.doFilter(request("/api/v1/me/balances", "en"), first, slow);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

    boolean[] reached = {false};
    FilterChain app = (req, res) -> reached[0] = true;
    MockHttpServletResponse busy = new MockHttpServletResponse();
    filter.doFilter(request("/api/v1/me/transfers", "zh-CN"), busy, app);
    assertThat(reached[0]).as("the application saw the refused request").isFalse();
    assertThat(busy.getStatus()).isEqualTo(503);
    assertThat(busy.getContentType()).startsWith("application/problem+json");
    assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
    JsonNode problem = json.readTree(busy.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(problem.get("code").asString()).isEqualTo("server_busy");
    assertThat(busy.getContentAsString(java.nio.charset.StandardCharsets.UTF_8)).contains("请稍后再试");

    MockHttpServletResponse health = new MockHttpServletResponse();
    filter.doFilter(request("/actuator/health", "en"), health, app);
    assertThat(reached[0]).as("health is not counted").isTrue();

    release.countDown();
    running.get(30, TimeUnit.SECONDS);
    assertThat(first.getStatus()).isEqualTo(200);
    reached[0] = false;
    MockHttpServletResponse after = new MockHttpServletResponse();
    filter.doFilter(request("/api/v1/me/balances", "en"), after, app);
    assertThat(reached[0]).as("the permit came back").isTrue();
  }

  private static MockHttpServletRequest request(String path, String language) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.addHeader("Accept-Language", language);
    request.addPreferredLocale(java.util.Locale.forLanguageTag(language));
    return request;
  }
}
