package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A next step on every failure, over the real API: each rail decline and each refusal before
 * anything was recorded answers its {@code actions} (the codes {@link NextSteps} declares), a
 * failed transaction carries its actions and the reassurance that fits its operation, and a card
 * declined as expired is marked until its owner updates it through the vault.
 */
@OkPayTest
class NextStepsApiTest {

  private static final String EXPIRED_CARD = "4000000000000069";
  private static final String MASTERCARD = "5555555555554444";

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired MessageSource messages;

  MoneyFixture money;

  @BeforeEach
  void setUp() {
    money = new MoneyFixture(port, json, users);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "4000000000009995 | card_insufficient_funds | use_another_card,change_amount,open_tracker",
      "4000000000000069 | card_expired            | update_card,use_another_card,open_tracker",
      "4000000000000002 | card_declined           | use_another_card,open_tracker",
      "4000000000009979 | card_declined           | use_another_card,open_tracker",
      "4000000000000119 | rail_processing_error   | retry,open_tracker"})
  void everyCardDeclineAnswersItsNextStepsAndTheTrackerRepeatsThem(String number, String code,
      String actions) throws Exception {
    User pat = money.user("USD");
    String card = money.addCard(pat, number);

    JsonNode problem = money.read(money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 5_000, "currency", "USD")));

    assertThat(problem.get("code").asString()).isEqualTo(code);
    assertThat(actions(problem))
        .containsExactly(actions.split(","));
    String cardNotCharged = english("money.reassure.card_not_charged");
    assertThat(problem.get("reassurance").asString()).isEqualTo(cardNotCharged);
    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/"
        + problem.get("transactionId").asString());
    // On the tracker, the tracker itself is not a next step.
    assertThat(actions(tracked))
        .containsExactly(actions.replace(",open_tracker", "").split(","));
    // A card top-up holds nothing: it must not say a held amount was released.
    assertThat(tracked.get("reassurance").asString()).isEqualTo(cardNotCharged);
    assertThat(tracked.get("cardId").asString()).isEqualTo(card);
  }

  @Test
  void aFailedWithdrawalSaysItsHoldIsBackAndOffersAnotherAccount() throws Exception {
    User pat = money.user("USD");
    money.fund(pat, 10_000, "USD");
    String account = money.addBankAccount(pat, "000222222227", "USD"); // name mismatch

    JsonNode problem = money.read(money.post(pat, "/api/v1/me/withdrawals",
        Map.of("bankAccountId", account, "amountMinor", 2_000)));

    assertThat(problem.get("code").asString()).isEqualTo("bank_name_mismatch");
    assertThat(actions(problem))
        .containsExactly("check_details", "use_another_bank_account", "open_tracker");
    assertThat(problem.get("reassurance").asString())
        .isEqualTo(english("money.reassure.hold_released"));
    JsonNode tracked = money.get(pat, "/api/v1/me/transactions/"
        + problem.get("transactionId").asString());
    assertThat(tracked.get("bankAccountId").asString()).isEqualTo(account);
    assertThat(money.available(pat, "USD")).isEqualTo(10_000);
  }

  /** Refusals before anything is recorded: the actions that fit the operation, no tracker. */
  @Test
  void refusalsBeforeAnythingIsRecordedAnswerTheirNextSteps() throws Exception {
    User pat = money.user("USD");
    User bob = money.user("USD");

    JsonNode poor = money.read(money.post(pat, "/api/v1/me/transfers",
        Map.of("recipientEmail", bob.email(), "amountMinor", 1_000, "currency", "USD")));
    assertThat(poor.get("code").asString()).isEqualTo("insufficient_funds");
    assertThat(actions(poor))
        .containsExactly("top_up_first", "change_amount");
    assertThat(poor.has("transactionId")).isFalse();

    JsonNode nobody = money.read(money.post(pat, "/api/v1/me/transfers", Map.of(
        "recipientEmail", "nobody-" + UUID.randomUUID() + "@example.com", "amountMinor", 100,
        "currency", "USD")));
    assertThat(nobody.get("code").asString()).isEqualTo("recipient_not_found");
    assertThat(actions(nobody)).containsExactly("check_details");

    JsonNode noCard = money.read(money.post(pat, "/api/v1/me/topups", Map.of(
        "cardId", UUID.randomUUID().toString(), "amountMinor", 100, "currency", "USD")));
    assertThat(noCard.get("code").asString()).isEqualTo("card_not_found");
    assertThat(actions(noCard)).containsExactly("use_another_card");

    // A body that is not a payment at all is refused with its field, and what to do about it.
    HttpResponse<String> unreadable = money.post(pat, "/api/v1/me/transfers",
        Map.of("recipientEmail", bob.email(), "amountMinor", -5, "currency", "USD"));
    assertThat(unreadable.statusCode()).as(unreadable.body()).isEqualTo(400);
    JsonNode invalid = money.read(unreadable);
    assertThat(invalid.get("code").asString()).isEqualTo("validation_failed");
    assertThat(actions(invalid)).containsExactly("check_details");

    // The preview answers the same next steps as the payment.
    HttpResponse<String> preview = money.send("POST", "/api/v1/me/transfers/preview",
        Map.of("recipientEmail", bob.email(), "amountMinor", 1_000, "currency", "USD"),
        pat.token(), null);
    assertThat(actions(money.read(preview)))
        .containsExactly("top_up_first", "change_amount");
  }

  /**
   * The expired test card is declined and marked; another user cannot touch it (404, as if it
   * did not exist); its owner updates it through the vault, the mark clears and it pays.
   */
  @Test
  void aCardDeclinedAsExpiredIsMarkedUntilItsOwnerUpdatesIt() throws Exception {
    User pat = money.user("USD");
    User eve = money.user("USD");
    String card = money.addCard(pat, EXPIRED_CARD);
    assertThat(money.get(pat, "/api/v1/me/cards/" + card).get("state").asString())
        .isEqualTo("active");
    money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 1_000, "currency", "USD"));
    assertThat(money.get(pat, "/api/v1/me/cards/" + card).get("state").asString())
        .isEqualTo("expired");

    // Known to be expired, it is not charged again: refused before anything is recorded.
    JsonNode again = money.read(money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 1_000, "currency", "USD")));
    assertThat(again.get("code").asString()).isEqualTo("card_expired");
    assertThat(actions(again))
        .containsExactly("update_card", "use_another_card");
    assertThat(again.has("transactionId")).isFalse();

    int nextYear = Year.now().getValue() + 2;
    Map<String, Object> update = Map.of("expiryMonth", 6, "expiryYear", nextYear, "cvc", "321");
    HttpResponse<String> notHers = money.send("PATCH", "/api/v1/me/cards/" + card, update,
        eve.token(), null);
    assertThat(notHers.statusCode()).as(notHers.body()).isEqualTo(404);
    assertThat(money.read(notHers).get("code").asString()).isEqualTo("card_not_found");
    assertThat(money.get(pat, "/api/v1/me/cards/" + card).get("state").asString())
        .isEqualTo("expired");

    HttpResponse<String> past = money.send("PATCH", "/api/v1/me/cards/" + card,
        Map.of("expiryMonth", 1, "expiryYear", 2020, "cvc", "321"), pat.token(), null);
    assertThat(past.statusCode()).as(past.body()).isEqualTo(422);
    assertThat(money.read(past).get("code").asString()).isEqualTo("card_expired");
    HttpResponse<String> badCvc = money.send("PATCH", "/api/v1/me/cards/" + card,
        Map.of("expiryMonth", 6, "expiryYear", nextYear, "cvc", "12"), pat.token(), null);
    assertThat(badCvc.statusCode()).as(badCvc.body()).isEqualTo(400);
    assertThat(money.read(badCvc).get("errors").findValuesAsString("field"))
        .containsExactly("cvc");

    HttpResponse<String> updated = money.send("PATCH", "/api/v1/me/cards/" + card, update,
        pat.token(), null);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    JsonNode view = money.read(updated);
    assertThat(view.get("state").asString()).isEqualTo("active");
    assertThat(view.get("expiryYear").asInt()).isEqualTo(nextYear);
    assertThat(view.get("expiryMonth").asInt()).isEqualTo(6);
    assertThat(updated.body()).doesNotContain("321");

    HttpResponse<String> paid = money.post(pat, "/api/v1/me/topups",
        Map.of("cardId", card, "amountMinor", 1_000, "currency", "USD"));
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
    assertThat(money.balance(pat, "USD")).isEqualTo(1_000);
  }

  @Test
  void anUpdateOfACardThatIsNotThereIsNotFound() throws Exception {
    User pat = money.user("USD");
    String mastercard = money.addCard(pat, MASTERCARD);
    HttpResponse<String> removed = money.send("DELETE", "/api/v1/me/cards/" + mastercard, null,
        pat.token(), null);
    assertThat(removed.statusCode()).isEqualTo(204);

    for (String id : List.of(mastercard, UUID.randomUUID().toString())) {
      HttpResponse<String> response = money.send("PATCH", "/api/v1/me/cards/" + id,
          Map.of("expiryMonth", 6, "expiryYear", Year.now().getValue() + 2, "cvc", "321"),
          pat.token(), null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }
  }

  private static List<String> actions(JsonNode problem) {
    assertThat(problem.has("actions")).as(problem.toString()).isTrue();
    List<String> codes = new java.util.ArrayList<>();
    problem.get("actions").forEach(a -> codes.add(a.asString()));
    return codes;
  }

  private String english(String key) {
    return messages.getMessage(key, null, java.util.Locale.ENGLISH);
  }
}
