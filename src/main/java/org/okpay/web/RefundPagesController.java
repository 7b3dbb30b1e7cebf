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
import org.okpay.merchants.ReputationApi;
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
  private final ReputationApi reputation;

  RefundPagesController(RefundsApi refunds, RefundRequestsApi requests, MerchantsApi merchants,
      CheckoutApi checkout, FormProblems forms, ReputationApi reputation) {
    this.reputation = reputation;
    this.refunds = refunds;
    this.requests = requests;
    this.merchants = merchants;
    this.checkout = checkout;
    this.forms = forms;
  }

  // ---- The customer ----

  @GetMapping("/account/refunds")
  public String mine(@AuthenticationPrincipal CurrentUser user,
      @RequestParam UUID transaction, @RequestParam(required = false) String draft,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    // From a refund's own transaction, show the payment it refunds.
    var refund = refunds.refundOfRefundTransaction(user.userId(), transaction);
    if (refund.isPresent()) {
      return "redirect:/account/refunds?transaction=" + refund.get().paymentTransactionId();
    }
    RefundRequestsApi.PayerPayment p = payerPayment(user, transaction);
    forms.restore(user, draft, customerDraft(transaction), request, response, model)
        .ifPresent(d -> d.fields().forEach(model::addAttribute));
    model.addAttribute("payment", p);
    model.addAttribute("currency", Currency.getInstance(p.currency()));
    model.addAttribute("requests", requests.mine(user.userId(), transaction));
    model.addAttribute("refunds", refunds.refundsOfTransaction(user.userId(), transaction));
    model.addAttribute("reasons", RefundsApi.REASONS);
    model.addAttribute("myRating", reputation.myRating(user.userId(), transaction).orElse(null));
    return "refunds/mine";
  }

  @PostMapping("/account/refunds")
  public String request(@AuthenticationPrincipal CurrentUser user,
      @RequestParam UUID transaction, @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String message, HttpServletRequest request) {
    RefundRequestsApi.PayerPayment p = payerPayment(user, transaction);
    try {
      Long minor = amount.isBlank() ? null
          : minor(amount, Currency.getInstance(p.currency()), "amount");
      requests.request(user, new RefundRequestsApi.NewRequest(null, transaction, minor,
          reason, message));
      return FormProblems.seeOther(request, mineUrl(transaction) + "&requested");
    } catch (OkPayException e) {
      return forms.redirect(request, user, customerDraft(transaction),
          mineUrl(transaction) + "#request-form",
          FormProblems.fields("amount", amount, "reason", reason, "message", message),
          "problem", e);
    }
  }

  /** The payer's 1–5 stars (and a comment) for a payment that went through, once. */
  @PostMapping("/account/refunds/rating")
  public String rate(@AuthenticationPrincipal CurrentUser user, @RequestParam UUID transaction,
      @RequestParam(defaultValue = "") String stars,
      @RequestParam(defaultValue = "") String comment, HttpServletRequest request) {
    payerPayment(user, transaction);
    try {
      reputation.rate(user.userId(), transaction, new ReputationApi.NewRating(stars(stars),
          comment.isBlank() ? null : comment));
      return FormProblems.seeOther(request, mineUrl(transaction) + "&rated#rating");
    } catch (OkPayException e) {
      return forms.redirect(request, user, customerDraft(transaction),
          mineUrl(transaction) + "#rating",
          FormProblems.fields("stars", stars, "comment", comment), "ratingProblem", e);
    }
  }

  @PostMapping("/account/refunds/requests/{id}/withdraw")
  public String withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam UUID transaction, HttpServletRequest request) {
    try {
      requests.withdraw(user.userId(), id);
      return FormProblems.seeOther(request, mineUrl(transaction) + "&withdrawn");
    } catch (OkPayException e) {
      return forms.redirect(request, user, customerDraft(transaction), mineUrl(transaction),
          FormProblems.fields(), "problem", e);
    }
  }

  @PostMapping("/account/refunds/{id}/arrival")
  public String arrival(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @RequestParam UUID transaction, @RequestParam boolean received,
      HttpServletRequest request) {
    try {
      refunds.confirmArrival(user.userId(), id, received, null);
      return FormProblems.seeOther(request, mineUrl(transaction)
          + (received ? "&received" : "&complained"));
    } catch (OkPayException e) {
      return forms.redirect(request, user, customerDraft(transaction), mineUrl(transaction),
          FormProblems.fields(), "problem", e);
    }
  }

  private RefundRequestsApi.PayerPayment payerPayment(CurrentUser user, UUID transaction) {
    return requests.payerPayment(user.userId(), transaction)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND));
  }

  private static String customerDraft(UUID transaction) {
    return "refunds/" + transaction;
  }

  private static String mineUrl(UUID transaction) {
    return "/account/refunds?transaction=" + transaction;
  }

  /** Stars as typed; blank is missing, anything but a small number is out of range (0). */
  private static Integer stars(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return null;
    }
    return t.matches("[0-9]{1,2}") ? Integer.valueOf(t) : Integer.valueOf(0);
  }

  // ---- The merchant ----

  @GetMapping("/merchant/{merchantId}/refunds")
  public String merchant(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestParam(required = false) UUID payment,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    MerchantCaller caller = caller(user, merchantId);
    caller.require(ApiResource.REFUNDS, Access.READ);
    forms.restore(user, draft, merchantDraft(merchantId), request, response, model)
        .ifPresent(d -> d.fields().forEach(model::addAttribute));
    model.addAttribute("merchant", merchants.merchant(merchantId).orElseThrow());
    model.addAttribute("role", merchants.roleOf(user.userId(), merchantId).orElseThrow());
    model.addAttribute("tab", "refunds");
    model.addAttribute("canWrite", caller.allows(ApiResource.REFUNDS, Access.WRITE));
    model.addAttribute("requests", requests.ofMerchant(caller, 50));
    model.addAttribute("refunds", refunds.refunds(caller, null, null, 50).refunds());
    model.addAttribute("reasons", RefundsApi.REASONS);
    if (!model.containsAttribute("reference")) {
      model.addAttribute("reference", UUID.randomUUID().toString());
    }
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
      @RequestParam(defaultValue = "") String reference, HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    try {
      UUID id = uuid(paymentId, "paymentId");
      CheckoutApi.MerchantPayment p = checkout.payment(merchantId, id)
          .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_PAYMENT_NOT_FOUND,
              java.util.Map.of("field", "paymentId")));
      Long minor = amount.isBlank() ? null
          : minor(amount, Currency.getInstance(p.currency()), "amount");
      refunds.create(caller, new RefundsApi.NewRefund(id, minor, reason, reference));
      return FormProblems.seeOther(request, merchantUrl(merchantId) + "?refunded");
    } catch (OkPayException e) {
      // The same reference comes back: the corrected form is the same refund if it was made.
      return forms.redirect(request, user, merchantDraft(merchantId),
          merchantUrl(merchantId) + "#refund-form", FormProblems.fields("paymentId", paymentId,
              "amount", amount, "reason", reason, "reference", reference), "problem", e);
    }
  }

  @PostMapping("/merchant/{merchantId}/refund-requests/{id}/approve")
  public String approve(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, HttpServletRequest request) {
    try {
      requests.approve(caller(user, merchantId), id);
      return FormProblems.seeOther(request, merchantUrl(merchantId) + "?approved");
    } catch (OkPayException e) {
      return refused(request, user, merchantId, FormProblems.fields(), e);
    }
  }

  @PostMapping("/merchant/{merchantId}/refund-requests/{id}/reject")
  public String reject(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, @RequestParam(defaultValue = "") String note,
      HttpServletRequest request) {
    try {
      requests.reject(caller(user, merchantId), id, note);
      return FormProblems.seeOther(request, merchantUrl(merchantId) + "?rejected");
    } catch (OkPayException e) {
      return refused(request, user, merchantId,
          FormProblems.fields("rejectId", id.toString(), "note", note), e);
    }
  }

  @PostMapping("/merchant/{merchantId}/refunds/{id}/cancel")
  public String cancel(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID id, HttpServletRequest request) {
    try {
      refunds.cancel(caller(user, merchantId), id);
      return FormProblems.seeOther(request, merchantUrl(merchantId) + "?canceled");
    } catch (OkPayException e) {
      return refused(request, user, merchantId, FormProblems.fields(), e);
    }
  }

  /** A refusal of a button (approve, reject, cancel): the tab again with it, by its draft. */
  private String refused(HttpServletRequest request, CurrentUser user, UUID merchantId,
      java.util.Map<String, String> fields, OkPayException e) {
    if (e.errorCode() == ErrorCode.MERCHANT_NOT_FOUND) {
      throw e;
    }
    return forms.redirect(request, user, merchantDraft(merchantId), merchantUrl(merchantId),
        fields, "problem", e);
  }

  private static String merchantDraft(UUID merchantId) {
    return "merchant-refunds/" + merchantId;
  }

  private static String merchantUrl(UUID merchantId) {
    return "/merchant/" + merchantId + "/refunds";
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
