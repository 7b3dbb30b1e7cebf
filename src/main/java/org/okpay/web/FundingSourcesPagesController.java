package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.TwoFactorApi;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "My cards" and "My bank accounts": list, add, remove, and confirming micro-deposits. A card
 * number and CVC that come back with an error are never put back into the form.
 */
@Controller
public class FundingSourcesPagesController {

  private final FundingSourcesApi sources;
  private final TwoFactorApi twoFactor;
  private final FormProblems forms;

  FundingSourcesPagesController(FundingSourcesApi sources, TwoFactorApi twoFactor,
      FormProblems forms) {
    this.sources = sources;
    this.twoFactor = twoFactor;
    this.forms = forms;
  }

  /** What the add-card form shows again after an error: never the number or the CVC. */
  public record CardForm(String holderName, String expiryMonth, String expiryYear) {
  }

  public record BankForm(String holderName, String accountNumber, String bankCode,
      String country, String currency) {
  }

  /** The cards; {@code ?draft=} shows a refused card again (never its number or CVC). */
  @GetMapping("/account/cards")
  public String cardsPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, "cards", request, response, model).ifPresent(d ->
        model.addAttribute("form", new CardForm(d.field("holderName"), d.field("expiryMonth"),
            d.field("expiryYear"))));
    return cards(user, model);
  }

  String cards(CurrentUser user, Model model) {
    model.addAttribute("cards", sources.cards(user.userId()));
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new CardForm(user.displayName(), "", ""));
    }
    return "account/cards";
  }

  @PostMapping("/account/cards")
  public String addCard(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "") String number,
      @RequestParam(defaultValue = "") String expiryMonth,
      @RequestParam(defaultValue = "") String expiryYear,
      @RequestParam(defaultValue = "") String cvc,
      @RequestParam(defaultValue = "") String holderName, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      sources.addCard(user.userId(), new FundingSourcesApi.NewCard(number,
          number(expiryMonth), year(expiryYear), cvc, holderName));
      return "redirect:/account/cards?added";
    } catch (OkPayException e) {
      return forms.redirect(request, user, "cards", "/account/cards#card-form",
          FormProblems.fields("holderName", holderName, "expiryMonth", expiryMonth,
              "expiryYear", expiryYear), "problem", e);
    }
  }

  /**
   * A replacement card's new expiry date and security code, through the rail's vault (e.g. after
   * a payment was declined because the card had expired). The code is never shown again.
   */
  @PostMapping("/account/cards/{id}/update")
  public String updateCard(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String expiryMonth,
      @RequestParam(defaultValue = "") String expiryYear,
      @RequestParam(defaultValue = "") String cvc, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      sources.updateCard(user.userId(), id, new FundingSourcesApi.CardUpdate(
          number(expiryMonth), year(expiryYear), cvc));
      return "redirect:/account/cards?updated";
    } catch (OkPayException e) {
      forms.show("updateProblem", e, request, response, model);
      model.addAttribute("updateCardId", id.toString());
      return cards(user, model);
    }
  }

  @PostMapping("/account/cards/{id}/remove")
  public String removeCard(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    sources.removeCard(user.userId(), id);
    return "redirect:/account/cards?removed";
  }

  /** The bank accounts; {@code ?draft=} shows a refused account or confirmation again. */
  @GetMapping("/account/bank-accounts")
  public String bankAccountsPage(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, "bank-accounts", request, response, model)
        .filter(d -> d.fields().containsKey("holderName"))
        .ifPresent(d -> model.addAttribute("form", new BankForm(d.field("holderName"),
            d.field("accountNumber"), d.field("bankCode"), d.field("country"),
            d.field("currency"))));
    return bankAccounts(user, model);
  }

  String bankAccounts(CurrentUser user, Model model) {
    model.addAttribute("accounts", sources.bankAccounts(user.userId()));
    model.addAttribute("twoFactor", twoFactor.status(user));
    model.addAttribute("currencies", SupportedCurrencies.ALL);
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new BankForm(user.displayName(), "", "", "", ""));
    }
    return "account/bank-accounts";
  }

  @PostMapping("/account/bank-accounts")
  public String addBankAccount(@AuthenticationPrincipal CurrentUser user, BankForm form,
      @RequestParam(defaultValue = "") String code, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      sources.addBankAccount(user, code, new FundingSourcesApi.NewBankAccount(
          form.holderName(), form.accountNumber(), form.bankCode(), form.country(),
          currency(form.currency())));
      return "redirect:/account/bank-accounts?added";
    } catch (OkPayException e) {
      return forms.redirect(request, user, "bank-accounts", "/account/bank-accounts#bank-form",
          FormProblems.fields("holderName", form.holderName(), "accountNumber",
              form.accountNumber(), "bankCode", form.bankCode(), "country", form.country(),
              "currency", form.currency()), "problem", e);
    }
  }

  /** The amounts as they appear on a bank statement (0.32), in the account's currency. */
  @PostMapping("/account/bank-accounts/{id}/micro-deposits")
  public String confirm(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String first,
      @RequestParam(defaultValue = "") String second, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      Currency currency = sources.bankAccount(user.userId(), id)
          .orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND)).currency();
      sources.confirmMicroDeposits(user.userId(), id, minor(first, currency, "firstMinor"),
          minor(second, currency, "secondMinor"));
      return "redirect:/account/bank-accounts?verified";
    } catch (OkPayException e) {
      return forms.redirect(request, user, "bank-accounts", "/account/bank-accounts",
          FormProblems.fields(), "problem", e);
    }
  }

  @PostMapping("/account/bank-accounts/{id}/remove")
  public String removeBankAccount(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id) {
    sources.removeBankAccount(user.userId(), id);
    return "redirect:/account/bank-accounts?removed";
  }

  /** A number typed in a form; anything else is 0, which the rules report on its field. */
  private static int number(String text) {
    String t = text.strip();
    return t.matches("[0-9]{1,4}") ? Integer.parseInt(t) : 0;
  }

  /** "27" is 2027, as printed on cards. */
  private static int year(String text) {
    int year = number(text);
    return year > 0 && year < 100 ? 2000 + year : year;
  }

  private static Currency currency(String code) {
    if (code == null) {
      return null;
    }
    return SupportedCurrencies.ALL.stream()
        .filter(c -> c.getCurrencyCode().equals(code.toUpperCase(Locale.ROOT))).findFirst()
        .orElse(null);
  }

  private static long minor(String text, Currency currency, String field) {
    try {
      BigDecimal amount = new BigDecimal(text.strip().replace(",", "."));
      long minor = amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
      if (minor > 0) {
        return minor;
      }
    } catch (NumberFormatException | ArithmeticException wrong) {
      // reported below, on its field
    }
    throw FieldErrors.invalid(field, FieldErrors.FORMAT);
  }
}
