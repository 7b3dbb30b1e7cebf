package org.okpay.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every 4xx that names fields says so the same way, whoever refused: {@code errors: [{field,
 * code, message}]} with a code from {@link FieldErrors#CODES} and a message in the caller's
 * language. Once there were three shapes ({field, reason}, {field, message}, {field}).
 */
@OkPayTest
class OneErrorShapeTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;
  @Autowired LedgerApi ledger;

  @Test
  void paymentsLedgerIdentityAndBeanValidationNameFieldsAlike() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, mailbox);
    MoneyFixture.User alice = money.unverifiedUser("USD");

    // payments (a rule of the operation)
    expect(money.post(alice, "/api/v1/me/transfers/preview", Map.of("recipientEmail",
        "x@example.com", "amountMinor", -5, "currency", "USD")), "amountMinor", "out_of_range");
    // bean validation (a constraint on the body)
    HttpResponse<String> register = money.send("POST", "/api/v1/auth/register",
        Map.of("email", "a@example.com"), null, null);
    JsonNode error = expect(register, "password", "required");
    // identity (its own rules after the constraints)
    expect(money.send("POST", "/api/v1/auth/register", Map.of("email", "not-an-address",
        "password", MoneyFixture.PASSWORD, "displayName", "Pat", "language", "en",
        "country", "US", "defaultCurrency", "USD"), null, null), "email", "format");
    // ledger (a query parameter it cannot read), on an account that exists
    long account = ledger.openAccount(new OpenAccount(OwnerType.SYSTEM, "error-shape-test",
        java.util.Currency.getInstance("USD"), "test")).id();
    expect(money.send("GET", "/api/v1/admin/ledger/accounts/" + account + "/statement?cursor=%21%21",
        null, MoneyFixture.ADMIN, null), "cursor", "invalid");
    assertThat(error.path("message").asString()).isNotBlank();
  }

  /** Checks the shape of every entry and returns the one naming {@code field}. */
  private JsonNode expect(HttpResponse<String> response, String field, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode problem = json.readTree(response.body());
    assertThat(problem.path("code").asString()).isEqualTo("validation_failed");
    JsonNode found = null;
    for (JsonNode error : problem.path("errors")) {
      assertThat(error.propertyNames()).as(error.toString())
          .containsExactlyInAnyOrder("field", "code", "message");
      assertThat(FieldErrors.CODES).contains(error.path("code").asString());
      assertThat(error.path("message").asString()).isNotBlank();
      if (error.path("field").asString().equals(field)) {
        found = error;
      }
    }
    assertThat(found).as(field + " in " + response.body()).isNotNull();
    assertThat(found.path("code").asString()).isEqualTo(code);
    return found;
  }
}
