package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.CheckoutApi.Hosted;
import org.okpay.merchants.CheckoutApi.Paid;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.payments.FxApi;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.SupportedCurrencies;
import org.okpay.payments.TransactionState;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The hosted checkout: {@code /pay/{sessionId}} (what, to whom, the merchant's refund policy;
 * sign in, choose a balance, see the FX quote when it is another currency, confirm, back to the
 * merchant), its QR code, and a merchant's static QR page {@code /pay/m/{merchantId}} where the
 * payer types the amount.
 */
@Controller
public class CheckoutPagesController {

  static final int QR_PX = 320;
  /** Drafts of the hosted page (a refusal), its review (balance, quote) and the static QR form. */
  static final String PAY_DRAFT = "checkout/";
  static final String REVIEW_DRAFT = "checkout-review/";
  static final String STATIC_DRAFT = "checkout-static/";

  private final CheckoutApi checkout;
  private final PaymentsApi payments;
  private final MerchantsApi merchants;
  private final FormProblems forms;
  private final FxApi fx;

  CheckoutPagesController(CheckoutApi checkout, PaymentsApi payments, MerchantsApi merchants,
      FormProblems forms, FxApi fx) {
    this.fx = fx;
    this.checkout = checkout;
    this.payments = payments;
    this.merchants = merchants;
    this.forms = forms;
  }

  /**
   * The merchant's payments (search by order reference, description or id; newest first), the
   * fee schedule with the merchant's own category marked, and its static QR code. Staff with
   * read access to payments only; anyone else gets 404.
   */
  @GetMapping("/merchant/{merchantId}/payments")
  public String merchantPayments(@PathVariable String merchantId,
      @RequestParam(defaultValue = "") String q, @RequestParam(required = false) String cursor,
      @AuthenticationPrincipal CurrentUser user, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (user == null) {
      return "redirect:/login?next=" + URLEncoder.encode(request.getRequestURI(),
          StandardCharsets.UTF_8);
    }
    MerchantCaller caller = id(merchantId).flatMap(m -> merchants.dashboardCaller(user, m))
        .filter(c -> c.allows(ApiResource.PAYMENTS, Access.READ))
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    Merchant merchant = merchants.merchant(caller.merchantId()).orElseThrow();
    model.addAttribute("merchant", merchant);
    model.addAttribute("role", merchants.roleOf(user.userId(), merchant.id()).orElseThrow());
    model.addAttribute("tab", "payments");
    model.addAttribute("canRefund", caller.allows(ApiResource.REFUNDS, Access.WRITE));
    model.addAttribute("q", q);
    try {
      model.addAttribute("page", checkout.payments(caller.merchantId(), q.isBlank() ? null : q,
          cursor, 20));
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("page", checkout.payments(caller.merchantId(), null, null, 20));
    }
    model.addAttribute("staticUrl", absolute("/pay/m/" + merchant.id()));
    return "merchant/payments";
  }

  @GetMapping("/pay/{sessionId}")
  public String page(@PathVariable String sessionId, @AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    Optional<Hosted> hosted = id(sessionId).flatMap(checkout::hosted);
    if (hosted.isEmpty()) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("missing", true);
      return "checkout/pay";
    }
    forms.restore(user, draft, PAY_DRAFT + hosted.get().session().id(), request, response,
        model)
        .map(d -> d.field("payFrom")).ifPresent(from -> model.addAttribute("chosenFrom", from));
    return show(hosted.get(), user, model);
  }

  private String show(Hosted h, CurrentUser user, Model model) {
    model.addAttribute("h", h);
    model.addAttribute("s", h.session());
    model.addAttribute("m", h.merchant());
    model.addAttribute("signedIn", user != null);
    model.addAttribute("paidByMe", user != null && "complete".equals(h.session().status())
        && user.userId().equals(h.payerUserId()));
    model.addAttribute("loginUrl", "/login?next=" + URLEncoder.encode("/pay/"
        + h.session().id(), StandardCharsets.UTF_8));
    model.addAttribute("successUrl", successUrl(h.session()));
    if (user != null && "open".equals(h.session().status())) {
      List<PaymentsApi.Balance> balances = payments.balances(user.userId());
      String chosen = (String) model.getAttribute("chosenFrom");
      model.addAttribute("balances", balances);
      model.addAttribute("defaultFrom", chosen != null ? chosen : balances.stream()
          .anyMatch(b -> b.currency().getCurrencyCode().equals(h.session().currency()))
          ? h.session().currency()
          : balances.isEmpty() ? h.session().currency()
              : balances.getFirst().currency().getCurrencyCode());
    }
    return "checkout/pay";
  }

  /**
   * Choosing the balance: kept (with the FX quote when the currencies differ) in a draft whose
   * review is a GET, so a reload never asks again and the language switch keeps the quote.
   */
  @PostMapping("/pay/{sessionId}/review")
  public String review(@PathVariable String sessionId,
      @RequestParam(defaultValue = "") String payFrom, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    if (user == null) {
      return "redirect:/login?next=" + URLEncoder.encode("/pay/" + sessionId,
          StandardCharsets.UTF_8);
    }
    Hosted h = hostedOr404(sessionId);
    UUID id = h.session().id();
    try {
      Currency from = payFrom.isBlank() ? Currency.getInstance(h.session().currency())
          : PaymentInputs.currency(payFrom, "payFrom");
      FxApi.Quote quote = from.getCurrencyCode().equals(h.session().currency()) ? null
          : checkout.quote(user, id, from);
      return forms.redirect(request, user, REVIEW_DRAFT + id, "/pay/" + id + "/review",
          FormProblems.fields("payFrom", from.getCurrencyCode(),
              "quoteId", quote == null ? null : quote.id().toString()));
    } catch (OkPayException e) {
      return forms.redirect(request, user, PAY_DRAFT + id, "/pay/" + id,
          FormProblems.fields("payFrom", payFrom), "problem", e);
    }
  }

  /** The review of a draft: what leaves which balance; no draft goes back to the page. */
  @GetMapping("/pay/{sessionId}/review")
  public String reviewPage(@PathVariable String sessionId,
      @RequestParam(required = false) String draft, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    if (user == null) {
      return "redirect:/login?next=" + URLEncoder.encode("/pay/" + sessionId,
          StandardCharsets.UTF_8);
    }
    Hosted h = hostedOr404(sessionId);
    Optional<FormDrafts.Draft> kept = forms.restore(user, draft,
        REVIEW_DRAFT + h.session().id(), request, response, model).filter(d -> d.field("payFrom") != null);
    if (kept.isEmpty() || !"open".equals(h.session().status())) {
      return "redirect:/pay/" + h.session().id();
    }
    FormDrafts.Draft d = kept.get();
    Currency from = Currency.getInstance(d.field("payFrom"));
    UUID quoteId = FormDrafts.uuid(d.field("quoteId"));
    FxApi.Quote quote = quoteId == null ? null : fx.quote(user.userId(), quoteId).orElse(null);
    model.addAttribute("quoteRenewed", "true".equals(d.field("quoteRenewed")));
    return review(h, user, from, quote, "true".equals(d.field("askCode")), model);
  }

  private String review(Hosted h, CurrentUser user, Currency from, FxApi.Quote quote,
      boolean askCode, Model model) {
    model.addAttribute("h", h);
    model.addAttribute("s", h.session());
    model.addAttribute("m", h.merchant());
    model.addAttribute("payFrom", from.getCurrencyCode());
    boolean fx = !from.getCurrencyCode().equals(h.session().currency());
    if (fx) {
      model.addAttribute("quote", quote != null ? quote : checkout.quote(user, h.session().id(),
          from));
    }
    model.addAttribute("askCode", askCode);
    return "checkout/review";
  }

  @PostMapping("/pay/{sessionId}/confirm")
  public String confirm(@PathVariable String sessionId,
      @RequestParam(defaultValue = "") String payFrom,
      @RequestParam(defaultValue = "") String quoteId,
      @RequestParam(defaultValue = "") String code, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    if (user == null) {
      return "redirect:/login?next=" + URLEncoder.encode("/pay/" + sessionId,
          StandardCharsets.UTF_8);
    }
    Hosted h = hostedOr404(sessionId);
    UUID id = h.session().id();
    Currency from = payFrom.isBlank() ? Currency.getInstance(h.session().currency())
        : PaymentInputs.currency(payFrom, "payFrom");
    UUID quote = quoteId.isBlank() ? null : PaymentInputs.id(quoteId, "quoteId");
    try {
      Paid paid = checkout.pay(user, id, from, quote, code.isBlank() ? null : code);
      if (paid.transaction().state() == TransactionState.FAILED) {
        throw new OkPayException(paid.transaction().failure() == null
            ? ErrorCode.INTERNAL_ERROR : paid.transaction().failure());
      }
      String success = successUrl(paid.session());
      if (success != null && paid.transaction().state() == TransactionState.COMPLETED) {
        return FormProblems.seeOther(request, success);
      }
      return FormProblems.seeOther(request, "/pay/" + id);
    } catch (OkPayException e) {
      // A code asked for, or a new quote: back to the review (never with the code typed).
      FxApi.Quote fresh = e.properties().get("newQuote") instanceof FxApi.Quote q ? q : null;
      String keptQuote = fresh != null ? fresh.id().toString()
          : quote == null ? null : quote.toString();
      if (e.errorCode() == ErrorCode.SECOND_FACTOR_REQUIRED
          || e.errorCode() == ErrorCode.INVALID_SECOND_FACTOR) {
        return forms.redirect(request, user, REVIEW_DRAFT + id, "/pay/" + id + "/review",
            FormProblems.fields("payFrom", from.getCurrencyCode(), "quoteId", keptQuote,
                "askCode", "true"), "problem", e);
      }
      if (e.errorCode() == ErrorCode.QUOTE_EXPIRED && fresh != null) {
        return forms.redirect(request, user, REVIEW_DRAFT + id, "/pay/" + id + "/review",
            FormProblems.fields("payFrom", from.getCurrencyCode(), "quoteId", keptQuote,
                "quoteRenewed", "true"), "problem", e);
      }
      return forms.redirect(request, user, PAY_DRAFT + id, "/pay/" + id,
          FormProblems.fields("payFrom", from.getCurrencyCode()), "problem", e);
    }
  }

  /**
   * The payer's "Cancel" on the hosted page: the session becomes {@code canceled} (it can no
   * longer be paid; the merchant gets {@code checkout.session.canceled}) and the payer goes back
   * to the merchant's {@code cancelUrl}, or sees the canceled page when there is none. Signed in
   * or not: whoever has the link could as well pay it.
   */
  @PostMapping("/pay/{sessionId}/cancel")
  public String cancel(@PathVariable String sessionId, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request) {
    UUID id = id(sessionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    try {
      CheckoutApi.Session s = checkout.payerCancel(id)
          .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
      return FormProblems.seeOther(request, s.cancelUrl() != null ? s.cancelUrl()
          : "/pay/" + s.id());
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.CHECKOUT_SESSION_NOT_FOUND) {
        throw e;
      }
      return forms.redirect(request, user, PAY_DRAFT + id, "/pay/" + id, FormProblems.fields(),
          "problem", e);
    }
  }

  @GetMapping(value = "/pay/{sessionId}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  public ResponseEntity<byte[]> sessionQr(@PathVariable String sessionId) {
    Hosted h = hostedOr404(sessionId);
    return png(absolute(h.session().url()));
  }

  /** A merchant's static QR: the payer types the amount and continues to the hosted page. */
  @GetMapping("/pay/m/{merchantId}")
  public String staticPage(@PathVariable String merchantId,
      @RequestParam(required = false) String draft, @AuthenticationPrincipal CurrentUser user,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Optional<CheckoutApi.MerchantFace> face = id(merchantId).flatMap(checkout::merchantFace);
    if (face.isEmpty()) {
      response.setStatus(HttpStatus.NOT_FOUND.value());
      model.addAttribute("missing", true);
      return "checkout/pay";
    }
    Optional<FormDrafts.Draft> kept = forms.restore(user, draft,
        STATIC_DRAFT + face.get().merchantId(), request, response, model);
    return staticForm(face.get(), kept.map(d -> d.field("amount")).orElse(""),
        kept.map(d -> d.field("currency")).orElse(""), model);
  }

  private String staticForm(CheckoutApi.MerchantFace face, String amount, String currency,
      Model model) {
    model.addAttribute("m", face);
    model.addAttribute("amount", amount == null ? "" : amount);
    model.addAttribute("currency", currency == null || currency.isBlank() ? face.currency()
        : currency);
    model.addAttribute("currencies", SupportedCurrencies.ALL.stream()
        .map(Currency::getCurrencyCode).toList());
    return "checkout/static";
  }

  @PostMapping("/pay/m/{merchantId}")
  public String staticPay(@PathVariable String merchantId,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String currency,
      @AuthenticationPrincipal CurrentUser user, HttpServletRequest request) {
    CheckoutApi.MerchantFace face = id(merchantId).flatMap(checkout::merchantFace)
        .orElseThrow(() -> new OkPayException(ErrorCode.ROUTE_NOT_FOUND));
    try {
      Currency c = PaymentInputs.currency(currency, "currency");
      long minor = PaymentInputs.amountMinor(amount, c);
      CheckoutApi.Session s = checkout.staticSession(face.merchantId(), minor, c);
      return FormProblems.seeOther(request, "/pay/" + s.id());
    } catch (OkPayException e) {
      return forms.redirect(request, user, STATIC_DRAFT + face.merchantId(),
          "/pay/m/" + face.merchantId(),
          FormProblems.fields("amount", amount, "currency", currency), "problem", e);
    }
  }

  @GetMapping(value = "/pay/m/{merchantId}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  public ResponseEntity<byte[]> staticQr(@PathVariable String merchantId) {
    CheckoutApi.MerchantFace face = id(merchantId).flatMap(checkout::merchantFace)
        .orElseThrow(() -> new OkPayException(ErrorCode.ROUTE_NOT_FOUND));
    return png(absolute("/pay/m/" + face.merchantId()));
  }

  private ResponseEntity<byte[]> png(String url) {
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noStore()).body(checkout.qrPng(url, QR_PX));
  }

  private Hosted hostedOr404(String sessionId) {
    return id(sessionId).flatMap(checkout::hosted)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
  }

  /** Where the payer goes after paying: {@code {CHECKOUT_SESSION_ID}} replaced by the id. */
  static String successUrl(CheckoutApi.Session s) {
    return s.successUrl() == null ? null
        : s.successUrl().replace("{CHECKOUT_SESSION_ID}", s.id().toString());
  }

  private static String absolute(String url) {
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return url;
    }
    return ServletUriComponentsBuilder.fromCurrentContextPath().path(url).toUriString();
  }

  private static Optional<UUID> id(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
