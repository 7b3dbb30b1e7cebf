package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.okpay.support.DisputesApi;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Dispute pages: the customer's ({@code /disputes}, {@code /disputes/new?transaction=},
 * {@code /disputes/{id}}), the merchant dashboard's ({@code /merchant/{id}/disputes}, through
 * {@link MerchantsApi#dashboardCaller}), and the agents' ({@code /admin/disputes}). Scoped as the
 * APIs are: another's dispute is 404. Times are in the reader's zone.
 */
@Controller
public class DisputePagesController {

  private static final String ADMIN_PATH = "/admin/disputes";

  private final DisputesApi disputes;
  private final PaymentsApi payments;
  private final MerchantsApi merchants;
  private final StaffAccess staff;
  private final FormProblems forms;

  DisputePagesController(DisputesApi disputes, PaymentsApi payments, MerchantsApi merchants,
      StaffAccess staff, FormProblems forms) {
    this.disputes = disputes;
    this.payments = payments;
    this.merchants = merchants;
    this.staff = staff;
    this.forms = forms;
  }

  // ---- the customer ----

  @GetMapping("/disputes")
  public String mine(@AuthenticationPrincipal CurrentUser user, Model model) {
    model.addAttribute("disputes", disputes.mine(user.userId(), DisputesApi.LIST_LIMIT_MAX));
    return "disputes/mine";
  }

  @GetMapping("/disputes/new")
  public String form(@AuthenticationPrincipal CurrentUser user, @RequestParam UUID transaction,
      @RequestParam(required = false) String reason, Model model) {
    TransactionView tx = payments.transaction(user.userId(), transaction)
        .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
    var open = disputes.openOn(user.userId(), transaction);
    if (open.isPresent()) {
      return "redirect:/disputes/" + open.get().id();
    }
    model.addAttribute("tx", tx);
    model.addAttribute("reasons", DisputesApi.REASONS);
    if (!model.containsAttribute("reason")) {
      model.addAttribute("reason", reason == null ? "" : reason);
    }
    if (!model.containsAttribute("key")) {
      model.addAttribute("key", UUID.randomUUID().toString());
    }
    return "disputes/new";
  }

  @PostMapping("/disputes/new")
  public String open(@AuthenticationPrincipal CurrentUser user, @RequestParam UUID transaction,
      @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "") String amount,
      @RequestParam(defaultValue = "") String description, @RequestParam String key,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      TransactionView tx = payments.transaction(user.userId(), transaction)
          .orElseThrow(() -> new OkPayException(ErrorCode.TRANSACTION_NOT_FOUND));
      Long minor = amount.isBlank() ? null : minor(amount, tx.amount().currency());
      DisputesApi.Opened opened = disputes.open(user, "web:" + key,
          new DisputesApi.NewDispute(transaction, reason, minor, description));
      return "redirect:/disputes/" + opened.dispute().id() + "?opened";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("reason", reason);
      model.addAttribute("amount", amount);
      model.addAttribute("description", description);
      model.addAttribute("key", key);
      return form(user, transaction, null, model);
    }
  }

  @GetMapping("/disputes/{id}")
  public String detail(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      Model model) {
    model.addAttribute("d", disputes.mine(user.userId(), id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND)));
    return "disputes/detail";
  }

  @PostMapping("/disputes/{id}/messages")
  public String customerMessage(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID id, @RequestParam(defaultValue = "") String body,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      disputes.customerMessage(user.userId(), id, body);
      return "redirect:/disputes/" + id + "?sent";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("body", body);
      return detail(user, id, model);
    }
  }

  @PostMapping("/disputes/{id}/escalate")
  public String escalate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    disputes.escalate(user.userId(), id);
    return "redirect:/disputes/" + id + "?escalated";
  }

  @PostMapping("/disputes/{id}/withdraw")
  public String withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    disputes.withdraw(user.userId(), id);
    return "redirect:/disputes/" + id + "?withdrawn";
  }

  // ---- the merchant ----

  private MerchantCaller caller(CurrentUser user, UUID merchantId) {
    MerchantCaller caller = merchants.dashboardCaller(user, merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    caller.require(ApiResource.DISPUTES, Access.READ);
    return caller;
  }

  private void merchantModel(CurrentUser user, UUID merchantId, MerchantCaller caller,
      Model model) {
    model.addAttribute("merchant", merchants.merchant(merchantId).orElseThrow());
    model.addAttribute("role", merchants.roleOf(user.userId(), merchantId).orElseThrow());
    model.addAttribute("tab", "disputes");
    model.addAttribute("canWrite", caller.allows(ApiResource.DISPUTES, Access.WRITE));
  }

  @GetMapping("/merchant/{merchantId}/disputes")
  public String merchantList(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, Model model) {
    MerchantCaller caller = caller(user, merchantId);
    merchantModel(user, merchantId, caller, model);
    model.addAttribute("disputes", disputes.ofMerchant(caller, null, DisputesApi.LIST_LIMIT_MAX));
    return "disputes/merchant-list";
  }

  @GetMapping("/merchant/{merchantId}/disputes/{id}")
  public String merchantDetail(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id, Model model) {
    MerchantCaller caller = caller(user, merchantId);
    merchantModel(user, merchantId, caller, model);
    model.addAttribute("d", disputes.ofMerchant(caller, id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND)));
    return "disputes/merchant-detail";
  }

  @PostMapping("/merchant/{merchantId}/disputes/{id}/messages")
  public String merchantMessage(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String body, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      disputes.merchantMessage(caller(user, merchantId), id, body);
      return "redirect:/merchant/" + merchantId + "/disputes/" + id + "?sent";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("body", body);
      return merchantDetail(user, merchantId, id, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/disputes/{id}/accept")
  public String accept(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      disputes.accept(caller(user, merchantId), id);
      return "redirect:/merchant/" + merchantId + "/disputes/" + id + "?accepted";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return merchantDetail(user, merchantId, id, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/disputes/{id}/evidence")
  public String evidence(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String productDescription,
      @RequestParam(defaultValue = "") String customerCommunication,
      @RequestParam(defaultValue = "") String shippingTracking,
      @RequestParam(defaultValue = "") String refundPolicy,
      @RequestParam(defaultValue = "") String explanation, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      disputes.submitEvidence(caller(user, merchantId), id, new DisputesApi.Evidence(
          productDescription, customerCommunication, shippingTracking, refundPolicy,
          explanation, null));
      return "redirect:/merchant/" + merchantId + "/disputes/" + id + "?submitted";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("explanation", explanation);
      return merchantDetail(user, merchantId, id, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/disputes/{id}/files")
  public String upload(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id,
      @RequestParam("file") MultipartFile file, HttpServletRequest request,
      HttpServletResponse response, Model model) throws IOException {
    try {
      disputes.addFile(caller(user, merchantId), id, file.getOriginalFilename(),
          file.getContentType(), file.getBytes());
      return "redirect:/merchant/" + merchantId + "/disputes/" + id + "?uploaded";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return merchantDetail(user, merchantId, id, model);
    }
  }

  @GetMapping("/merchant/{merchantId}/disputes/{id}/files/{fileId}")
  public ResponseEntity<byte[]> merchantFile(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID id, @PathVariable UUID fileId) {
    return attachment(disputes.file(caller(user, merchantId), id, fileId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_FILE_NOT_FOUND)));
  }

  // ---- agents ----

  @GetMapping(ADMIN_PATH)
  public String queue(@RequestParam(required = false) String status, HttpServletRequest request,
      Model model) {
    if (staff.decide(request, ADMIN_PATH) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    model.addAttribute("status", status == null ? "" : status);
    model.addAttribute("disputes", disputes.queue(status, DisputesApi.LIST_LIMIT_MAX));
    return "disputes/admin-queue";
  }

  @GetMapping(ADMIN_PATH + "/{id}")
  public String agentDetail(@PathVariable UUID id, HttpServletRequest request, Model model) {
    if (staff.decide(request, ADMIN_PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    model.addAttribute("d", disputes.forAgent(id)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_NOT_FOUND)));
    return "disputes/admin-detail";
  }

  @PostMapping(ADMIN_PATH + "/{id}/decide")
  public String decide(@AuthenticationPrincipal CurrentUser agent, @PathVariable UUID id,
      @RequestParam(defaultValue = "") String outcome,
      @RequestParam(defaultValue = "") String reason, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (staff.decide(request, ADMIN_PATH + "/" + id) instanceof StaffAccess.SignInFirst first
        || agent == null) {
      return "redirect:/login?next=" + ADMIN_PATH + "/" + id;
    }
    try {
      disputes.decide(agent, id, outcome, reason);
      return "redirect:" + ADMIN_PATH + "/" + id + "?decided";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("reason", reason);
      return agentDetail(id, request, model);
    }
  }

  @GetMapping(ADMIN_PATH + "/{id}/files/{fileId}")
  public Object agentFile(@PathVariable UUID id, @PathVariable UUID fileId,
      HttpServletRequest request) {
    if (staff.decide(request, ADMIN_PATH + "/" + id) instanceof StaffAccess.SignInFirst first) {
      return first.view();
    }
    return attachment(disputes.fileForAgent(id, fileId)
        .orElseThrow(() -> new OkPayException(ErrorCode.DISPUTE_FILE_NOT_FOUND)));
  }

  private static ResponseEntity<byte[]> attachment(DisputesApi.FileContent f) {
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(f.info().fileName(), StandardCharsets.UTF_8).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "sandbox; default-src 'none'")
        .contentType(MediaType.APPLICATION_OCTET_STREAM).body(f.content());
  }

  private static long minor(String text, Currency currency) {
    try {
      long minor = new java.math.BigDecimal(text.strip().replace(",", "."))
          .movePointRight(currency.getDefaultFractionDigits()).longValueExact();
      if (minor > 0) {
        return minor;
      }
    } catch (NumberFormatException | ArithmeticException wrong) {
      // reported below, on its field
    }
    throw org.okpay.shared.FieldErrors.invalid("amount", org.okpay.shared.FieldErrors.FORMAT);
  }
}
