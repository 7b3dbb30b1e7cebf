package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.RefundRequestsApi;
import org.okpay.merchants.RefundsApi;
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
 * Refund pages: the customer's "request a refund" of a merchant payment with the state of its
 * requests and refunds ({@code /account/refunds?transaction=}), and the merchant dashboard's
 * refunds tab ({@code /merchant/{id}/refunds}): open requests by answer-by time, approve or
 * reject, refunds, and a refund of a payment. Scoped as the APIs are: another user's payment or
 * a merchant the user is not staff of is 404.
 */
@Controller
public class RefundPagesController {

  private final RefundsApi refunds;
  private final RefundRequestsApi requests;
  private final MerchantsApi merchants;
  private final CheckoutApi checkout;
  private final FormProblems forms;

  RefundPagesController(RefundsApi refunds, RefundRequestsApi requests, MerchantsApi merchants,
      CheckoutApi checkout, FormProblems forms) {
    this.refunds = refunds;
    this.requests = requests;
    this.merchants = merchants;
    this.checkout = checkout;
    this.forms = forms;
  }

  // ---- The customer ----

  @GetMapping("/account/refunds")
  public String mine(@AuthenticationPrincipal CurrentUser user,
      @RequestParam UUID transaction, Model model) {
    // From a refund's own transaction, show the payment it refunds.
    var refund = refunds.refundOfRefundTransaction(user.userId(), transaction);
    if (refund.isPresent()) {
      return "redirect:/account/refunds?transaction=" + refund.get().paymentTransactionId();
    }
    RefundRequestsApi.PayerPayment p = requests.payerPayment(user.userId(), transaction)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
    model.addAttribute("payment", p);
    model.addAttribute("currency", Currency.getInstance(p.currency()));
    model.addAttribute("requests", requests.mine(user.userId(), transaction));
    model.addAttribute("refunds", refunds.refundsOfTransaction(user.userId(), transaction));
    model.addAttribute("reasons", RefundsApi.REASONS);
    return "refunds/mine";
  }

  @PostMapping("/account/refunds")
  public String request(@AuthenticationPrincipal CurrentUser user,
      @RequestParam UUID transaction, @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String message, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      RefundRequestsApi.PayerPayment p = requests.payerPayment(user.userId(), transaction)
          .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
      Long minor = amount.isBlank() ? null
          : minor(amount, Currency.getInstance(p.currency()), "amount");
      requests.request(user, new RefundRequestsApi.NewRequest(null, transaction, minor,
          reason, message));
      return "redirect:/account/refunds?transaction=" + transaction + "&requested";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("amount", amount);
      model.addAttribute("message", message);
      return mine(user, transaction, model);
    }
  }

  @PostMapping("/account/refunds/requests/{id}/withdraw")
  public String withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam UUID transaction) {
    requests.withdraw(user.userId(), id);
    return "redirect:/account/refunds?transaction=" + transaction + "&withdrawn";
  }

  @PostMapping("/account/refunds/{id}/arrival")
  public String arrival(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam UUID transaction, @RequestParam boolean received) {
    refunds.confirmArrival(user.userId(), id, received, null);
    return "redirect:/account/refunds?transaction=" + transaction
        + (received ? "&received" : "&complained");
  }

  // ---- The merchant ----

  @GetMapping("/merchant/{merchantId}/refunds")
  public String merchant(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestParam(required = false) UUID payment,
      Model model) {
    MerchantCaller caller = caller(user, merchantId);
    caller.require(ApiResource.REFUNDS, Access.READ);
    model.addAttribute("merchant", merchants.merchant(merchantId).orElseThrow());
    model.addAttribute("role", merchants.roleOf(user.userId(), merchantId).orElseThrow());
    model.addAttribute("tab", "refunds");
    model.addAttribute("canWrite", caller.allows(ApiResource.REFUNDS, Access.WRITE));
    model.addAttribute("requests", requests.ofMerchant(caller, 50));
    model.addAttribute("refunds", refunds.refunds(caller, null, null, 50).refunds());
    model.addAttribute("reasons", RefundsApi.REASONS);
    model.addAttribute("reference", UUID.randomUUID().toString());
    if (!model.containsAttribute("paymentId")) {
      model.addAttribute("paymentId", payment == null ? "" : payment.toString());
    }
    return "merchant/refunds";
  }

  @PostMapping("/merchant/{merchantId}/refunds")
  public String refund(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(defaultValue = "") String paymentId,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String reference, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    MerchantCaller caller = caller(user, merchantId);
    try {
      UUID id = uuid(paymentId, "paymentId");
      CheckoutApi.MerchantPayment p = checkout.payment(merchantId, id)
          .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
      Long minor = amount.isBlank() ? null
          : minor(amount, Currency.getInstance(p.currency()), "amount");
      refunds.create(caller, new RefundsApi.NewRefund(id, minor, reason, reference));
      return "redirect:/merchant/" + merchantId + "/refunds?refunded";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("paymentId", paymentId);
      model.addAttribute("amount", amount);
      return merchant(user, merchantId, null, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/refund-requests/{id}/approve")
  public String approve(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    try {
      requests.approve(caller(user, merchantId), id);
      return "redirect:/merchant/" + merchantId + "/refunds?approved";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return merchant(user, merchantId, null, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/refund-requests/{id}/reject")
  public String reject(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, @RequestParam(defaultValue = "") String note,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      requests.reject(caller(user, merchantId), id, note);
      return "redirect:/merchant/" + merchantId + "/refunds?rejected";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return merchant(user, merchantId, null, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/refunds/{id}/cancel")
  public String cancel(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    try {
      refunds.cancel(caller(user, merchantId), id);
      return "redirect:/merchant/" + merchantId + "/refunds?canceled";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return merchant(user, merchantId, null, model);
    }
  }

  private MerchantCaller caller(CurrentUser user, UUID merchantId) {
    return merchants.dashboardCaller(user, merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
  }

  private static UUID uuid(String text, String field) {
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid(field, text.isBlank() ? FieldErrors.REQUIRED : FieldErrors.FORMAT);
    }
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
