package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okpay.payments.PaymentInputs.Fields;
import org.okpay.payments.PaymentsApi.HistoryFilter;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;

/**
 * The readers the API and the pages share: amounts typed in major units become minor units
 * exactly or are refused, the API's and a page's spelling of the same request give the same
 * request or the same error code, and an end date includes its whole day.
 */
class PaymentInputsTest {

  private static final Currency USD = Currency.getInstance("USD");
  private static final UUID CARD = UUID.fromString("7b0b2f4c-64f6-4a36-9a55-8f3b7c1f0a11");
  private static final UUID BANK = UUID.fromString("0e7d6c1a-1111-4b2b-8c3c-222233334444");

  @ParameterizedTest(name = "{0} {1} is {2} minor units")
  @CsvSource({"12.34, USD, 1234", "12.5, USD, 1250", "0.01, USD, 1", "1000, JPY, 1000",
      "'1,000', JPY, 1000", "1.234, BHD, 1234", "12.340, USD, 1234", "' 7 ', EUR, 700",
      ".5, USD, 50", "100000000000, USD, 10000000000000"})
  void aDecimalAmountIsExactlyItsMinorUnits(String typed, String currency, long minor) {
    assertThat(PaymentInputs.amountMinor(typed, Currency.getInstance(currency))).isEqualTo(minor);
  }

  @ParameterizedTest(name = "{0} {1} is refused: {2}")
  @CsvSource({"1.001, USD, too_precise", "10.5, JPY, too_precise", "0.0001, BHD, too_precise",
      "0, USD, out_of_range", "-5, USD, out_of_range", "0.00, USD, out_of_range",
      "100000000000.01, USD, out_of_range", "'', USD, required", "12.3.4, USD, format",
      "1e3, USD, format", "12 USD, USD, format", "1234567890123456789012345, USD, format"})
  void aDecimalAmountIsNeverRounded(String typed, String currency, String code) {
    assertThat(error(() -> PaymentInputs.amountMinor(typed, Currency.getInstance(currency))))
        .containsEntry("field", "amount").containsEntry("code", code)
        .doesNotContainKey("reason");
  }

  @Test
  void theApiAndAPageSpellingOfOneRequestAreOneRequest() {
    Fields api = new Fields(CARD.toString(), null, "1250", null, "USD", null, null, null, null);
    Fields page = new Fields(CARD.toString(), null, null, "12.50", "usd", null, null, null, null);

    assertThat(PaymentInputs.topUp(api, id -> Optional.empty()))
        .isEqualTo(PaymentInputs.topUp(page, id -> Optional.empty()))
        .isEqualTo(new PaymentRequest.CardTopUp(CARD, 1250, USD));
  }

  @Test
  void aBankOperationsDecimalAmountIsInTheBankAccountsCurrency() {
    Fields page = new Fields(null, BANK.toString(), null, "1000", null, null, null, null, null);

    assertThat(PaymentInputs.withdrawal(page, id -> Optional.of(Currency.getInstance("JPY"))))
        .isEqualTo(new PaymentRequest.Withdrawal(BANK, 1000));
    assertThat(PaymentInputs.withdrawal(page, id -> Optional.of(USD)))
        .isEqualTo(new PaymentRequest.Withdrawal(BANK, 100_000));
    OkPayException notTheirs = catchThrowableOfType(OkPayException.class,
        () -> PaymentInputs.topUp(page, id -> Optional.empty()));
    assertThat(notTheirs.errorCode()).isEqualTo(ErrorCode.BANK_ACCOUNT_NOT_FOUND);
  }

  @Test
  void theApiAndAPageGetTheSameCodeForTheSameMistake() {
    Fields apiZero = new Fields(CARD.toString(), null, "0", null, "USD", null, null, null, null);
    Fields pageZero = new Fields(CARD.toString(), null, null, "0.00", "USD", null, null, null,
        null);
    assertThat(error(() -> PaymentInputs.topUp(apiZero, id -> Optional.empty())))
        .containsEntry("field", "amountMinor").containsEntry("code", "out_of_range");
    assertThat(error(() -> PaymentInputs.topUp(pageZero, id -> Optional.empty())))
        .containsEntry("field", "amount").containsEntry("code", "out_of_range");

    Fields noRecipient = new Fields(null, null, "100", null, "USD", " ", null, null, null);
    assertThat(error(() -> PaymentInputs.send(noRecipient)))
        .containsEntry("field", "recipient").containsEntry("code", "required");
    Fields longNote = new Fields(null, null, "100", null, "USD", "bo@example.com", "x".repeat(141),
        null, null);
    assertThat(error(() -> PaymentInputs.send(longNote)))
        .containsEntry("field", "note").containsEntry("code", "too_long");
    Fields noSource = new Fields(null, null, "100", null, "USD", null, null, null, null);
    assertThat(error(() -> PaymentInputs.topUp(noSource, id -> Optional.empty())))
        .containsEntry("field", "cardId").containsEntry("code", "required");
  }

  @Test
  void anUnsupportedCurrencyIsItsOwnCodeAndAMissingOneIsRequired() {
    Fields xxx = new Fields(null, null, "100", null, "XXX", "bo@example.com", null, null, null);
    OkPayException unsupported = catchThrowableOfType(OkPayException.class,
        () -> PaymentInputs.send(xxx));
    assertThat(unsupported.errorCode()).isEqualTo(ErrorCode.CURRENCY_NOT_SUPPORTED);
    assertThat(unsupported.properties()).containsEntry("field", "currency");

    Fields none = new Fields(null, null, "100", null, null, "bo@example.com", null, null, null);
    assertThat(error(() -> PaymentInputs.send(none)))
        .containsEntry("field", "currency").containsEntry("code", "required");
  }

  @Test
  void anEndDateIncludesItsWholeDayAndAnEndInstantIsExcluded() {
    HistoryFilter byDate = HistoryFilters.parse(Map.of("from", "2026-03-01", "to", "2026-03-10"));
    HistoryFilter byInstant = HistoryFilters.parse(Map.of("to", "2026-03-10T12:00:00Z"));

    assertThat(byDate.from()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(byDate.to()).isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
    assertThat(byInstant.to()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z"));
    assertThat(HistoryFilters.parse(Map.of("from", "2026-03-10", "to", "2026-03-10")).to())
        .isEqualTo(Instant.parse("2026-03-11T00:00:00Z"));
  }

  @Test
  void historyFiltersAreReadTheSameWhateverTheCase() {
    Map<String, String> query = new HashMap<>();
    query.put("type", " P2P ");
    query.put("status", "Completed");
    query.put("currency", "eur");
    query.put("counterparty", null);
    query.put("q", " coffee ");
    HistoryFilter filter = HistoryFilters.parse(query);

    assertThat(filter.operation()).isEqualTo(Operation.P2P);
    assertThat(filter.state()).isEqualTo(TransactionState.COMPLETED);
    assertThat(filter.currency()).isEqualTo(Currency.getInstance("EUR"));
    assertThat(filter.counterparty()).isNull();
    assertThat(filter.text()).isEqualTo("coffee");
  }

  @ParameterizedTest(name = "{0}={1} is refused: {2}")
  @CsvSource({"from, yesterday, format", "to, 2026-02-30, format", "type, lottery, unknown",
      "status, lost, unknown"})
  void aBadHistoryFilterNamesItsParameter(String field, String value, String code) {
    assertThat(error(() -> HistoryFilters.parse(Map.of(field, value))))
        .containsEntry("field", field).containsEntry("code", code);
  }

  @Test
  void anEndBeforeTheStartIsRefused() {
    assertThat(error(() -> HistoryFilters.parse(Map.of("from", "2026-03-10", "to",
        "2026-03-09")))).containsEntry("field", "to").containsEntry("code", "before_from");
    assertThat(error(() -> HistoryFilters.parse(Map.of("q", "x".repeat(101)))))
        .containsEntry("field", "q").containsEntry("code", "too_long");
  }

  /** The one errors entry of a validation_failed. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> error(Runnable read) {
    OkPayException e = catchThrowableOfType(OkPayException.class, read::run);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    List<?> errors = (List<?>) e.properties().get("errors");
    assertThat(errors).hasSize(1);
    return (Map<String, Object>) errors.getFirst();
  }
}
