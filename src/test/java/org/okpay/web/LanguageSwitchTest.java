package org.okpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Switching the language keeps the page's other query parameters (a filter stays a filter). */
@OkPayTest
class LanguageSwitchTest {

  @LocalServerPort int port;

  @Test
  void theSwitchKeepsOtherParametersAndReplacesOnlyTheLanguage() throws Exception {
    String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/fees?section=limits&lang=en"))
            .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString()).body();

    assertThat(page).contains("id=\"lang-zh\" href=\"?section=limits&amp;lang=zh-CN\"")
        .contains("id=\"lang-en\" href=\"?section=limits&amp;lang=en\"");
  }
}
