package org.okpay.payments.internal.fx;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FeeRule;
import org.okpay.payments.FxApi;
import org.okpay.payments.Limit;
import org.okpay.payments.PricingApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exchange rates (public), the operator's rate table, the user's FX quotes, and the fee
 * schedule with the limits (public).
 */
@RestController
@Tag(name = "FX, fees and limits")
class FxController {

  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  private final FxApi fx;
  private final PricingApi pricing;
  private final StoredFxRates storedRates;
  private final Clock clock;

  FxController(FxApi fx, PricingApi pricing, StoredFxRates storedRates, Clock clock) {
    this.fx = fx;
    this.pricing = pricing;
    this.storedRates = storedRates;
    this.clock = clock;
  }

  /** Amounts are decimals here so that 1.5 is refused, not silently cut to 1. */
  record QuoteBody(String operation, String sourceCurrency, String targetCurrency,
      BigDecimal sourceAmountMinor, BigDecimal targetAmountMinor) {
  }

  /** @param rates units of each currency per one unit of base, as decimal strings */
  record RatesBody(String base, Map<String, String> rates) {
  }

  record RateView(String source, String target, String rate) {
  }

  record RatesView(Instant asOf, List<RateView> rates) {
  }

  record RateTableView(String base, Instant asOf, Map<String, String> rates) {
  }

  record FeeRuleView(String operation, String currency, long fixedMinor, String percent,
      long minMinor, long maxMinor) {
  }

  record LimitView(String operation, long dailyMinor, long monthlyMinor) {
  }

  record FeesView(List<FeeRuleView> fees, String limitCurrency,
      Map<String, List<LimitView>> limits) {
  }

  @GetMapping("/api/v1/fx/rates")
  @Operation(summary = "Mid-market rates of every supported currency pair (public)")
  RatesView rates() {
    List<FxApi.FxRate> all = fx.rates();
    Instant asOf = all.isEmpty() ? null : all.getFirst().asOf();
    return new RatesView(asOf, all.stream().map(r -> new RateView(r.source().getCurrencyCode(),
        r.target().getCurrencyCode(), QuoteView.plain(r.rate()))).toList());
  }

  @PutMapping("/api/v1/admin/fx/rates")
  @Operation(summary = "Replace the rate table: a rate for every supported currency per base unit")
  RateTableView replaceRates(@RequestBody RatesBody body,
      @AuthenticationPrincipal CurrentUser staff) {
    RateTable table = RateTable.parse(body.base(), body.rates(), clock.instant(), "operator");
    storedRates.replace(table, staff == null ? "operator" : "user:" + staff.userId());
    Map<String, String> rates = new TreeMap<>();
    table.perBase().forEach((c, r) -> rates.put(c.getCurrencyCode(), QuoteView.plain(r)));
    return new RateTableView(table.base().getCurrencyCode(), table.asOf(), rates);
  }

  @PostMapping("/api/v1/me/fx/quotes")
  @Operation(summary = "A quote: rate, fee and the amount the recipient gets, until it expires")
  ResponseEntity<QuoteView> quote(@AuthenticationPrincipal CurrentUser user,
      @RequestBody QuoteBody body) {
    FxApi.Quote quote = fx.quote(user.userId(), operation(body.operation()),
        currency(body.sourceCurrency(), "sourceCurrency"),
        currency(body.targetCurrency(), "targetCurrency"),
        minor(body.sourceAmountMinor(), "sourceAmountMinor"),
        minor(body.targetAmountMinor(), "targetAmountMinor"));
    return ResponseEntity.created(URI.create("/api/v1/me/fx/quotes/" + quote.id()))
        .body(QuoteView.of(quote));
  }

  @GetMapping("/api/v1/me/fx/quotes/{id}")
  @Operation(summary = "One of the user's quotes")
  QuoteView quote(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return fx.quote(user.userId(), id).map(QuoteView::of)
        .orElseThrow(() -> new OkPayException(ErrorCode.QUOTE_NOT_FOUND));
  }

  @GetMapping("/api/v1/fees")
  @Operation(summary = "The fee schedule and the limits of verified and unverified users (public)")
  FeesView fees() {
    List<FeeRuleView> rules = pricing.feeSchedule().stream().map(FxController::view).toList();
    return new FeesView(rules, pricing.limitCurrency().getCurrencyCode(), Map.of(
        "verified", limits(true), "unverified", limits(false)));
  }

  private List<LimitView> limits(boolean verified) {
    return pricing.limits(verified).stream().map((Limit l) -> new LimitView(l.operation().key(),
        l.dailyMinor(), l.monthlyMinor())).toList();
  }

  private static FeeRuleView view(FeeRule r) {
    return new FeeRuleView(r.operation().key(), r.currency(), r.fixedMinor(),
        r.percent().toPlainString(), r.minMinor(), r.maxMinor());
  }

  private static org.okpay.payments.Operation operation(String key) {
    try {
      return org.okpay.payments.Operation.fromKey(String.valueOf(key));
    } catch (IllegalArgumentException e) {
      throw FxService.invalid("operation", "fx.quote.operation");
    }
  }

  /** Missing is a malformed request; a code OKPay does not hold is currency_not_supported. */
  private static Currency currency(String code, String field) {
    if (code == null || code.isBlank()) {
      throw FxService.invalid(field, "fx.quote.currencyMissing");
    }
    String upper = code.strip().toUpperCase(Locale.ROOT);
    if (!CURRENCY_CODE.matcher(upper).matches()) {
      throw notSupported(field);
    }
    try {
      return Currency.getInstance(upper);
    } catch (IllegalArgumentException e) {
      throw notSupported(field);
    }
  }

  private static OkPayException notSupported(String field) {
    return FieldErrors.of(field, FieldErrors.UNKNOWN).exception(ErrorCode.CURRENCY_NOT_SUPPORTED);
  }

  /** A whole number of minor units, 0 when absent; FxService checks the range. */
  private static long minor(BigDecimal amount, String field) {
    if (amount == null) {
      return 0;
    }
    BigDecimal whole = amount.stripTrailingZeros();
    if (whole.scale() > 0 || whole.compareTo(BigDecimal.valueOf(FxService.AMOUNT_MAX)) > 0
        || whole.signum() < 0) {
      throw FxService.invalid(field, "fx.quote.amountRange");
    }
    return whole.longValueExact();
  }
}
