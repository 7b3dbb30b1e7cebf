package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.okpay.OkPayTest;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Amounts are whole minor units: a fraction is refused as a validation error naming the field,
 * never truncated ({@code 100.9} once became 100), and nothing moves.
 */
@OkPayTest
class StrictInputTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;

  private MoneyFixture money;

  @BeforeEach
  void fixture() {
    money = new MoneyFixture(port, json, mailbox);
  }

  @ParameterizedTest
  @ValueSource(doubles = {100.9, 250.75, 1.0, 0.5})
  void aFractionalAmountIsRefusedOnTransfersAndTopUps(double amount) throws Exception {
    MoneyFixture.User alice = money.user("USD");
    MoneyFixture.User bob = money.user("USD");
    money.fund(alice, 10_000, "USD");
    String card = money.addCard(alice, MoneyFixture.VISA);
    long aliceBefore = money.balance(alice, "USD");

    refused(money.post(alice, "/api/v1/me/transfers", Map.of("recipientEmail", bob.email(),
        "amountMinor", amount, "currency", "USD")));
    refused(money.post(alice, "/api/v1/me/transfers/preview", Map.of("recipientEmail",
        bob.email(), "amountMinor", amount, "currency", "USD")));
    refused(money.post(alice, "/api/v1/me/topups", Map.of("cardId", card, "amountMinor", amount,
        "currency", "USD")));

    assertThat(money.balance(alice, "USD")).isEqualTo(aliceBefore);
    assertThat(money.balance(bob, "USD")).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "1e400", "\"12x\""})
  void anAmountThatIsNoLongIsAValidationError(String amount) throws Exception {
    MoneyFixture.User alice = money.user("USD");
    String body = "{\"recipientEmail\":\"x@example.com\",\"currency\":\"USD\",\"amountMinor\":"
        + amount + "}";
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/api/v1/me/transfers"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + alice.token())
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    refused(response);
  }

  private void refused(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("code").asString()).isEqualTo("validation_failed");
    JsonNode error = problem.path("errors").path(0);
    assertThat(error.path("field").asString()).isEqualTo("amountMinor");
    assertThat(error.path("code").asString()).isIn("format", "out_of_range");
    assertThat(error.path("message").asString()).isNotBlank();
  }
}
