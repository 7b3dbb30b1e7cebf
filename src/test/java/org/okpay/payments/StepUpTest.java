package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TotpTestCodes;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** With two-factor on, money to a new recipient needs a fresh code; the preview says so. */
@OkPayTest
class StepUpTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;

  @Test
  void aNewRecipientAsksForAFreshCode() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User alice = money.user("USD");
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String secret = enableTwoFactor(money, alice);
    Map<String, Object> body = new HashMap<>(Map.of("recipientEmail", bob.email(),
        "amountMinor", 1_000, "currency", "USD"));

    JsonNode preview = money.read(money.send("POST", "/api/v1/me/transfers/preview", body,
        alice.token(), null));
    assertThat(preview.get("secondFactorNeeded").asBoolean()).isTrue();
    assertThat(preview.get("riskReasons").toString()).contains("new_recipient");

    HttpResponse<String> withoutCode = money.post(alice, "/api/v1/me/transfers", body);
    assertThat(withoutCode.statusCode()).isEqualTo(401);
    assertThat(money.read(withoutCode).get("code").asString())
        .isEqualTo("second_factor_required");
    assertThat(money.balance(bob, "USD")).isZero();

    body.put("secondFactorCode", TotpTestCodes.code(secret, 1));
    HttpResponse<String> withCode = money.post(alice, "/api/v1/me/transfers", body);
    assertThat(withCode.statusCode()).as(withCode.body()).isEqualTo(201);
    assertThat(money.balance(bob, "USD")).isEqualTo(1_000);
  }

  private static String enableTwoFactor(MoneyFixture money, User user) throws Exception {
    HttpResponse<String> setup = money.send("POST", "/api/v1/me/two-factor", null, user.token(),
        null);
    String secret = money.read(setup).get("secret").asString();
    HttpResponse<String> confirmed = money.send("POST", "/api/v1/me/two-factor/confirm",
        Map.of("code", TotpTestCodes.code(secret, -1)), user.token(), null);
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    return secret;
  }
}
