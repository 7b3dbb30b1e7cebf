package org.okpay.web;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.PayoutsApi;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.payments.PaymentInputs;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The "Payouts" section of the merchant overview {@code /merchant/{id}}, for the merchant's owner
 * only (the payout goes to one of their own verified bank accounts): the form and the last
 * payouts. The section's data is added to the overview's model by {@link Section} (so the
 * overview's controller stays as it is); the form posts here and comes back to the overview (Post/Redirect/Get: a refusal with
 * what was typed by its draft, {@code ?draft=}).
 */
@Controller
public class MerchantPayoutPagesController {

  static final int SHOWN = 10;

  private final MerchantsApi merchants;
  private final PayoutsApi payouts;
  private final FundingSourcesApi sources;
  private final FormProblems forms;

  MerchantPayoutPagesController(MerchantsApi merchants, PayoutsApi payouts,
      FundingSourcesApi sources, FormProblems forms) {
    this.forms = forms;
    this.merchants = merchants;
    this.payouts = payouts;
    this.sources = sources;
  }

  /** One of the owner's verified bank accounts as the form offers it. */
  public record BankChoice(UUID id, String label) {
  }

  /** What the section shows. */
  public record PayoutsSection(List<BankChoice> banks, List<PayoutsApi.Payout> payouts,
      String formKey) {
  }

  @PostMapping("/merchant/{merchantId}/payouts")
  public String create(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(defaultValue = "") String bankAccountId,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String idempotencyKey, HttpServletRequest request) {
    MerchantCaller caller = ownerCaller(user, merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    try {
      BankAccount bank = sources.bankAccount(user.userId(), uuid(bankAccountId))
          .orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND));
      long minor = PaymentInputs.amountMinor(amount, bank.currency());
      payouts.create(caller, idempotencyKey, new PayoutsApi.NewPayout(bank.id(), minor));
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "?payout#payouts");
    } catch (OkPayException e) {
      return forms.redirect(request, user, draft(merchantId),
          "/merchant/" + merchantId + "#payouts", FormProblems.fields("payoutAmount", amount,
              "payoutBank", bankAccountId), "payoutProblem", e);
    }
  }

  static String draft(UUID merchantId) {
    return "merchant-payout/" + merchantId;
  }

  private java.util.Optional<MerchantCaller> ownerCaller(CurrentUser user, UUID merchantId) {
    return merchants.merchant(merchantId)
        .filter(m -> m.ownerUserId().equals(user.userId()))
        .flatMap(m -> merchants.dashboardCaller(user, merchantId));
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      throw new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND);
    }
  }

  /** Adds {@code payouts} to the overview's model when the reader is the merchant's owner. */
  @ControllerAdvice(assignableTypes = MerchantPagesController.class)
  static class Section {

    private static final Pattern OVERVIEW = Pattern.compile("/merchant/([0-9a-fA-F-]{36})");

    private final MerchantPayoutPagesController pages;

    Section(MerchantPayoutPagesController pages) {
      this.pages = pages;
    }

    @ModelAttribute
    void payouts(@AuthenticationPrincipal CurrentUser user, HttpServletRequest request,
        HttpServletResponse response, Model model) {
      var matcher = OVERVIEW.matcher(request.getRequestURI());
      if (user == null || !"GET".equals(request.getMethod()) || !matcher.matches()) {
        return;
      }
      UUID merchantId;
      try {
        merchantId = UUID.fromString(matcher.group(1));
      } catch (IllegalArgumentException e) {
        return;
      }
      pages.ownerCaller(user, merchantId).ifPresent(caller -> {
        pages.forms.restore(user, request.getParameter("draft"), draft(merchantId), request,
            response, model).ifPresent(d -> d.fields().forEach(model::addAttribute));
        Merchant m = pages.merchants.merchant(merchantId).orElseThrow();
        List<BankChoice> banks = pages.sources.bankAccounts(m.ownerUserId()).stream()
            .filter(b -> b.state() == FundingSourcesApi.BankAccountState.VERIFIED)
            .map(b -> new BankChoice(b.id(), b.holderName() + " " + b.accountMasked() + " · "
                + b.currency().getCurrencyCode()))
            .toList();
        model.addAttribute("payouts", new PayoutsSection(banks,
            pages.payouts.payouts(caller, SHOWN), UUID.randomUUID().toString()));
      });
    }
  }
}
