package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccountState;
import org.okpay.payments.FxApi;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The forms that move money: top up, send, withdraw, convert, send abroad. Each goes form, then
 * review (every check of {@link PaymentsApi#preview}, the fee, the total, the quote), then
 * confirm. The review page carries an idempotency key made when it was shown, so a double click
 * or a browser's retry of the confirmation pays once.
 */
@Controller
public class PaymentPagesController {

  private static final String FORM = "/account/money/{kind:" + MoneyForm.PATHS + "}";
  private static final String QUOTE_EXPIRED = "quote_expired";

  private final PaymentsApi payments;
  private final FundingSourcesApi funding;
  private final FxApi fx;
  private final PaymentRequests requests;
  private final FormProblems forms;
  private final JsonMapper json;

  PaymentPagesController(PaymentsApi payments, FundingSourcesApi funding, FxApi fx,
      PaymentRequests requests, FormProblems forms, JsonMapper json) {
    this.payments = payments;
    this.funding = funding;
    this.fx = fx;
    this.requests = requests;
    this.forms = forms;
    this.json = json;
  }

  /** An empty form; {@code ?currency=USD} preselects the balance it was opened from. */
  @GetMapping(FORM)
  public String form(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      @RequestParam(required = false) String currency, Model model) {
    PaymentForm form = PaymentForm.empty();
    if (currency != null && currency.matches("[A-Z]{3}")) {
      form = form.withCurrency(currency);
    }
    return formPage(user, MoneyForm.of(kind), form, model);
  }

  /** "Change" on the review page: the form again, as it was filled. */
  @PostMapping(FORM + "/edit")
  public String edit(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, Model model) {
    return formPage(user, MoneyForm.of(kind), form.forEditing(), model);
  }

  @PostMapping(FORM + "/review")
  public String review(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
    MoneyForm money = MoneyForm.of(kind);
    try {
      FxApi.Quote quote = requests.quote(user, money, form);
      return reviewPage(user, money, form.reviewed(quote == null ? null : quote.id()), quote,
          false, model);
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return formPage(user, money, form.forEditing(), model);
    }
  }

  @PostMapping(FORM + "/confirm")
  public String confirm(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, HttpServletRequest request, HttpServletResponse response, Model model) {
    MoneyForm money = MoneyForm.of(kind);
    try {
      PaymentRequest payment = requests.of(user, money, form);
      if (form.idempotencyKey() == null || form.idempotencyKey().isBlank()) {
        throw PaymentRequests.invalid("idempotencyKey", "required");
      }
      PaymentsApi.Executed done = payments.execute(user, form.idempotencyKey(), payment,
          form.code() == null || form.code().isBlank() ? null : form.code().strip());
      return "redirect:/account/money/transactions/" + done.transaction().id() + "?submitted";
    } catch (OkPayException e) {
      return refused(user, money, form, e, request, response, model);
    }
  }

  /**
   * A refused confirmation: a missing or wrong two-factor code asks again on the same review
   * (same key); an expired quote shows the new one with a new key, to confirm again; anything
   * else goes back to the form with the reason.
   */
  private String refused(CurrentUser user, MoneyForm money, PaymentForm form, OkPayException e,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    forms.show("problem", e, request, response, model);
    try {
      if (e.errorCode() == ErrorCode.SECOND_FACTOR_REQUIRED
          || e.errorCode() == ErrorCode.INVALID_SECOND_FACTOR) {
        return reviewPage(user, money, form, quoteOf(user, form).orElse(null), true, model);
      }
      if (QUOTE_EXPIRED.equals(e.errorCode().code()) && money.quoted()) {
        FxApi.Quote fresh = newQuote(user, money, form, e);
        model.addAttribute("quoteRenewed", true);
        return reviewPage(user, money, form.reviewed(fresh.id()), fresh, false, model);
      }
    } catch (OkPayException again) {
      forms.show("problem", again, request, response, model);
    }
    return formPage(user, money, form.forEditing(), model);
  }

  /** The quote the refusal offers ({@code newQuote}), or else a new one for the same amounts. */
  private FxApi.Quote newQuote(CurrentUser user, MoneyForm money, PaymentForm form,
      OkPayException e) {
    // The offer is the API's view of a quote; read its id as an API client would, then load it.
    Object offered = e.properties().get("newQuote");
    Optional<FxApi.Quote> quote = Optional.ofNullable(offered)
        .map(o -> json.convertValue(o, Map.class).get("id"))
        .flatMap(id -> uuid(id.toString()))
        .flatMap(id -> fx.quote(user.userId(), id));
    return quote.orElseGet(() -> requests.quote(user, money, form));
  }

  private Optional<FxApi.Quote> quoteOf(CurrentUser user, PaymentForm form) {
    return uuid(form.quoteId()).flatMap(id -> fx.quote(user.userId(), id));
  }

  private String reviewPage(CurrentUser user, MoneyForm money, PaymentForm form,
      FxApi.Quote quote, boolean askCode, Model model) {
    PaymentsApi.Preview preview = payments.preview(user, requests.of(user, money, form));
    model.addAttribute("kind", money);
    model.addAttribute("form", form);
    model.addAttribute("preview", preview);
    model.addAttribute("quote", quote);
    model.addAttribute("askCode", askCode || preview.secondFactorNeeded());
    model.addAttribute("counterparty", counterparty(user, money, form));
    return "money/review";
  }

  private String formPage(CurrentUser user, MoneyForm money, PaymentForm form, Model model) {
    model.addAttribute("kind", money);
    model.addAttribute("form", form);
    model.addAttribute("balances", payments.balances(user.userId()));
    model.addAttribute("currencies", SupportedCurrencies.ALL);
    if (money == MoneyForm.TOP_UP) {
      model.addAttribute("cards", funding.cards(user.userId()));
    }
    if (money == MoneyForm.TOP_UP || money == MoneyForm.WITHDRAW) {
      model.addAttribute("bankAccounts", funding.bankAccounts(user.userId()).stream()
          .filter(a -> a.state() == BankAccountState.VERIFIED).toList());
    }
    return money.template();
  }

  /** Who or where the money goes to (or comes from), in the words of the history. */
  private String counterparty(CurrentUser user, MoneyForm money, PaymentForm form) {
    return switch (money) {
      case TOP_UP -> form.source().startsWith("card:")
          ? uuid(form.source().substring(5)).flatMap(id -> funding.card(user.userId(), id))
              .map(c -> brand(c.brand()) + " •••• " + c.last4()).orElse("")
          : bank(user, form.source().substring(5));
      case SEND -> form.recipient().strip();
      case WITHDRAW -> bank(user, form.bankAccountId());
      case CONVERT -> null;
      case ABROAD -> form.holder().strip() + " · " + form.account().strip() + " · "
          + form.country().strip();
    };
  }

  private String bank(CurrentUser user, String id) {
    return uuid(id).flatMap(bankId -> funding.bankAccount(user.userId(), bankId))
        .map(a -> a.holderName() + " " + a.accountMasked() + " (" + a.currency() + ")")
        .orElse("");
  }

  private static String brand(String brand) {
    return brand == null || brand.isEmpty() ? ""
        : Character.toUpperCase(brand.charAt(0)) + brand.substring(1);
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(UUID.fromString(text.strip()));
    } catch (IllegalArgumentException notAnId) {
      return Optional.empty();
    }
  }
}
