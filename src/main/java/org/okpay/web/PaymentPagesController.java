package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.payments.Operation;
import org.okpay.shared.Money;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccountState;
import org.okpay.payments.FxApi;
import org.okpay.payments.PaymentInputs;
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
  private static final int RECIPIENT_LENGTH_MAX = 254;
  /** Recent recipients on the send page: this many, read from this many latest payments. */
  private static final int RECENT_RECIPIENTS = 5;
  private static final int RECENT_PAYMENTS_READ = 50;
  /** A fee above this share of the amount is pointed out before confirming. */
  private static final int FEE_NOTE_PERCENT = 5;
  /** Flags a review draft carries besides the form's fields. */
  private static final String ASK_CODE = "_askCode";
  private static final String QUOTE_RENEWED = "_quoteRenewed";
  private static final String TRUE = "true";

  private final PaymentsApi payments;
  private final FundingSourcesApi funding;
  private final FxApi fx;
  private final PaymentRequests requests;
  private final FormProblems forms;
  private final JsonMapper json;
  private final IdentityApi identity;

  PaymentPagesController(PaymentsApi payments, FundingSourcesApi funding, FxApi fx,
      PaymentRequests requests, FormProblems forms, JsonMapper json, IdentityApi identity) {
    this.identity = identity;
    this.payments = payments;
    this.funding = funding;
    this.fx = fx;
    this.requests = requests;
    this.forms = forms;
    this.json = json;
  }

  /**
   * An empty form; {@code ?currency=USD} preselects the balance it was opened from and
   * {@code ?recipient=} a recent recipient; {@code ?draft=} shows a refused or changed form again
   * as it was filled, with its refusal.
   */
  @GetMapping(FORM)
  public String form(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      @RequestParam(required = false) String currency,
      @RequestParam(required = false) String recipient,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    MoneyForm money = MoneyForm.of(kind);
    Optional<FormDrafts.Draft> kept = forms.restore(user, draft, formDraft(money), request,
        response, model);
    PaymentForm form = kept.map(d -> PaymentForm.of(d.fields()).forEditing())
        .orElseGet(PaymentForm::empty);
    model.addAttribute("draftExpired", draft != null && kept.isEmpty());
    if (kept.isEmpty() && currency != null && currency.matches("[A-Z]{3}")) {
      form = form.withCurrency(currency);
    }
    if (kept.isEmpty() && money == MoneyForm.SEND && recipient != null
        && recipient.length() <= RECIPIENT_LENGTH_MAX) {
      form = form.withRecipient(recipient.strip());
    }
    return formPage(user, money, form, model);
  }

  /** "Change" on the review page: the form again, as it was filled. */
  @PostMapping(FORM + "/edit")
  public String edit(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, HttpServletRequest request) {
    MoneyForm money = MoneyForm.of(kind);
    return forms.redirect(request, user, formDraft(money), formPath(money),
        form.forEditing().hidden());
  }

  /** A confirmation or change reached by GET (a stale link, a language switch): the form. */
  @GetMapping({FORM + "/confirm", FORM + "/edit"})
  public String notAPage(@PathVariable String kind) {
    return "redirect:" + formPath(MoneyForm.of(kind));
  }

  /**
   * The review of a filled form: every check runs here, then the browser is sent (303) to the
   * review's own GET page, a draft of this payment (with its quote and idempotency key) that a
   * reload or the language switch shows again unchanged.
   */
  @PostMapping(FORM + "/review")
  public String review(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, HttpServletRequest request) {
    MoneyForm money = MoneyForm.of(kind);
    try {
      FxApi.Quote quote = requests.quote(user, money, form);
      PaymentForm reviewed = form.reviewed(quote == null ? null : quote.id());
      payments.preview(user, requests.of(user, money, reviewed));
      return forms.redirect(request, user, reviewDraft(money), reviewPath(money),
          reviewed.hidden());
    } catch (OkPayException e) {
      return forms.redirect(request, user, formDraft(money), formPath(money),
          form.forEditing().hidden(), "problem", e);
    }
  }

  /** The review page of a draft; an expired or unknown draft goes back to the empty form. */
  @GetMapping(FORM + "/review")
  public String reviewPage(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    MoneyForm money = MoneyForm.of(kind);
    Optional<FormDrafts.Draft> kept = forms.restore(user, draft, reviewDraft(money), request,
        response, model);
    if (kept.isEmpty()) {
      return "redirect:" + formPath(money) + "?draft=expired";
    }
    PaymentForm form = PaymentForm.of(kept.get().fields());
    model.addAttribute("quoteRenewed", TRUE.equals(kept.get().field(QUOTE_RENEWED)));
    model.addAttribute("draftId", kept.get().id());
    try {
      return reviewPage(user, money, form, quoteOf(user, form).orElse(null),
          TRUE.equals(kept.get().field(ASK_CODE)), model);
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return formPage(user, money, form.forEditing(), model);
    }
  }

  @PostMapping(FORM + "/confirm")
  public String confirm(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, HttpServletRequest request) {
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
      return refused(user, money, form, e, request);
    }
  }

  /**
   * A refused confirmation: a missing or wrong two-factor code asks again on the same review
   * (same key); an expired quote shows the new one with a new key, to confirm again; anything
   * else goes back to the form with the reason. Each is a draft the browser is sent to.
   */
  private String refused(CurrentUser user, MoneyForm money, PaymentForm form, OkPayException e,
      HttpServletRequest request) {
    OkPayException shown = e;
    try {
      if (e.errorCode() == ErrorCode.SECOND_FACTOR_REQUIRED
          || e.errorCode() == ErrorCode.INVALID_SECOND_FACTOR) {
        return forms.redirect(request, user, reviewDraft(money), reviewPath(money),
            flagged(form.hidden(), ASK_CODE), "problem", e);
      }
      if (QUOTE_EXPIRED.equals(e.errorCode().code()) && money.quoted()) {
        FxApi.Quote fresh = newQuote(user, money, form, e);
        return forms.redirect(request, user, reviewDraft(money), reviewPath(money),
            flagged(form.reviewed(fresh.id()).hidden(), QUOTE_RENEWED), "problem", e);
      }
    } catch (OkPayException again) {
      shown = again;
    }
    return forms.redirect(request, user, formDraft(money), formPath(money),
        form.forEditing().hidden(), "problem", shown);
  }

  private static Map<String, String> flagged(Map<String, String> fields, String flag) {
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put(flag, TRUE);
    return all;
  }

  private static String formDraft(MoneyForm money) {
    return "money/" + money.path();
  }

  private static String reviewDraft(MoneyForm money) {
    return "money/" + money.path() + "/review";
  }

  private static String formPath(MoneyForm money) {
    return "/account/money/" + money.path();
  }

  private static String reviewPath(MoneyForm money) {
    return formPath(money) + "/review";
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
    model.addAttribute("feePercent", highFeePercent(preview.fee(), preview.amount()));
    return "money/review";
  }

  private String formPage(CurrentUser user, MoneyForm money, PaymentForm form, Model model) {
    model.addAttribute("kind", money);
    model.addAttribute("form", form);
    List<PaymentsApi.Balance> balances = payments.balances(user.userId());
    model.addAttribute("balances", balances);
    // Nothing to send from: say so and offer the top-up, instead of an empty or all-zero list.
    model.addAttribute("noBalance", money != MoneyForm.TOP_UP
        && balances.stream().noneMatch(b -> b.available().amountMinor() > 0));
    model.addAttribute("currencies", SupportedCurrencies.ALL);
    if (money == MoneyForm.TOP_UP) {
      model.addAttribute("cards", funding.cards(user.userId()));
    }
    if (money == MoneyForm.SEND) {
      model.addAttribute("recentRecipients", recentRecipients(user));
    }
    if (money == MoneyForm.TOP_UP || money == MoneyForm.WITHDRAW) {
      model.addAttribute("bankAccounts", funding.bankAccounts(user.userId()).stream()
          .filter(a -> a.state() == BankAccountState.VERIFIED).toList());
    }
    return money.template();
  }

  /**
   * The live quote of a conversion or a transfer abroad while the amount is typed (htmx asks
   * for it, debounced): the rate, the fee and what arrives, or nothing while the amount cannot be
   * read yet. The review makes the quote that is confirmed.
   */
  @GetMapping("/account/money/{kind:convert|abroad}/quote")
  public String liveQuote(@AuthenticationPrincipal CurrentUser user, @PathVariable String kind,
      PaymentForm form, Model model) {
    MoneyForm money = MoneyForm.of(kind);
    try {
      Currency source = PaymentInputs.currency(form.from(), "from");
      Currency target = PaymentInputs.currency(form.to(), "to");
      boolean theyReceive = money == MoneyForm.ABROAD && "receive".equals(form.side());
      long amountMinor = PaymentInputs.amountMinor(form.amount(), theyReceive ? target : source);
      FxApi.Quote quote = fx.quote(user.userId(),
          money == MoneyForm.CONVERT ? Operation.CONVERT : Operation.CROSS_BORDER, source, target,
          theyReceive ? 0 : amountMinor, theyReceive ? amountMinor : 0);
      Money fee = new Money(quote.feeMinor(), source);
      model.addAttribute("quote", quote);
      model.addAttribute("liveFee", fee);
      model.addAttribute("liveReceives", new Money(quote.targetAmountMinor(), target));
      model.addAttribute("feePercent", highFeePercent(fee,
          new Money(quote.sourceAmountMinor(), source)));
    } catch (OkPayException notYet) {
      model.addAttribute("quote", null);
    }
    return "money/live-quote :: quote";
  }

  /**
   * The fee as a whole percentage of the amount when it is over {@link #FEE_NOTE_PERCENT} (a
   * minimum fee on a small amount), else null: the pages point it out before confirming.
   */
  static Long highFeePercent(Money fee, Money amount) {
    if (fee == null || amount == null || amount.amountMinor() <= 0
        || !fee.currency().equals(amount.currency())
        || fee.amountMinor() * 100 <= amount.amountMinor() * FEE_NOTE_PERCENT) {
      return null;
    }
    return Math.round(fee.amountMinor() * 100.0 / amount.amountMinor());
  }

  /**
   * The last {@link #RECENT_RECIPIENTS} different people this user sent money to, newest first,
   * from the user's own history only.
   */
  private List<String> recentRecipients(CurrentUser user) {
    return payments.history(user.userId(), new PaymentsApi.HistoryFilter(null, null,
            Operation.P2P, null, null, null, null), null, RECENT_PAYMENTS_READ)
        .transactions().stream()
        .filter(t -> !t.incoming() && t.counterparty() != null && !t.counterparty().isBlank())
        .map(t -> t.counterparty().strip()).distinct().limit(RECENT_RECIPIENTS).toList();
  }

  /** Who or where the money goes to (or comes from), in the words of the history. */
  private String counterparty(CurrentUser user, MoneyForm money, PaymentForm form) {
    return switch (money) {
      case TOP_UP -> form.source().startsWith("card:")
          ? uuid(form.source().substring(5)).flatMap(id -> funding.card(user.userId(), id))
              .map(c -> brand(c.brand()) + " •••• " + c.last4()).orElse("")
          : bank(user, form.source().substring(5));
      case SEND -> identity.maskedPayee(form.recipient().strip(), user.country())
          .orElse(form.recipient().strip());
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
