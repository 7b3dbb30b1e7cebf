package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.PhoneCodes;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Sending money to a user by their phone number: only once they confirmed it. */
@OkPayTest
class PayByPhoneTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired TestUsers users;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @Test
  void moneySentToAConfirmedNumberArrivesAndAnUnconfirmedOneIsNotFound() throws Exception {
    User alice = money.user("USD");
    User bob = money.user("CNY");
    money.fund(alice, 20_000, "USD");
    String phone = PhoneCodes.newChineseMobile();
    assertThat(setPhone(bob, PhoneCodes.spaced(phone)).statusCode()).isEqualTo(202);

    HttpResponse<String> early = send(alice, PhoneCodes.spaced(phone), 2_500);

    assertProblem(early, 404, "recipient_not_found");
    assertThat(money.get(alice, "/api/v1/me/transactions?type=p2p").get("transactions")).isEmpty();
    assertThat(money.send("POST", "/api/v1/me/phone/confirm", Map.of("code",
        PhoneCodes.code(mailbox, bob.email(), 1)), bob.token(), null).statusCode()).isEqualTo(200);

    HttpResponse<String> sent = send(alice, PhoneCodes.spaced(phone), 2_500);

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(money.balance(bob, "USD")).isEqualTo(2_500);
    assertThat(money.balance(alice, "USD")).isEqualTo(20_000 - 2_500);
    JsonNode aliceSees = money.get(alice, "/api/v1/me/transactions?type=p2p")
        .get("transactions").get(0);
    // The payer sees the number they paid, not the e-mail address behind it.
    assertThat(aliceSees.get("counterparty").asString()).isEqualTo(phone)
        .doesNotContain(bob.email());
    assertThat(money.get(bob, "/api/v1/me/transactions").get("transactions").get(0)
        .get("incoming").asBoolean()).isTrue();
  }

  @Test
  void aNumberWithoutCountryCodeIsReadInThePayersCountry() throws Exception {
    User alice = money.user("USD"); // both registered in the US
    User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String local = PhoneCodes.newUsNational();
    setPhone(bob, local);
    money.send("POST", "/api/v1/me/phone/confirm", Map.of("code",
        PhoneCodes.code(mailbox, bob.email(), 1)), bob.token(), null);

    HttpResponse<String> sent = send(alice, local.substring(0, 3) + "-" + local.substring(3, 6)
        + "-" + local.substring(6), 700);

    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    assertThat(money.balance(bob, "USD")).isEqualTo(700);
    // Paying yourself by your own number is still paying yourself.
    assertProblem(money.post(bob, "/api/v1/me/transfers", Map.of("recipientPhone", "+1" + local,
        "amountMinor", 100, "currency", "USD")), 422, "cannot_pay_yourself");
  }

  private HttpResponse<String> setPhone(User user, String phone) throws Exception {
    return money.send("PUT", "/api/v1/me/phone", Map.of("phone", phone), user.token(), null);
  }

  private HttpResponse<String> send(User from, String phone, long amountMinor) throws Exception {
    return money.post(from, "/api/v1/me/transfers", Map.of("recipientPhone", phone,
        "amountMinor", amountMinor, "currency", "USD", "note", "by phone"));
  }

  private void assertProblem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(money.read(response).get("code").asString()).isEqualTo(code);
  }
}
