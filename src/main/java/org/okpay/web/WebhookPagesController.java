package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.WebhooksApi;
import org.okpay.merchants.WebhooksApi.Delivery;
import org.okpay.merchants.WebhooksApi.Endpoint;
import org.okpay.merchants.WebhooksApi.EndpointChange;
import org.okpay.merchants.WebhooksApi.NewEndpoint;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The merchant dashboard's webhooks page: endpoints with their secrets, add, turn on or off,
 * rotate the secret, remove, and one endpoint's delivery log with every attempt and "send again".
 * Everything goes through {@link WebhooksApi} with the staff member's {@link MerchantCaller}:
 * not staff of the merchant is 404, a role without webhooks access is refused as in the API.
 */
@Controller
public class WebhookPagesController {

  static final int LOG_ROWS = 20;

  private final MerchantsApi merchants;
  private final WebhooksApi webhooks;
  private final FormProblems forms;

  WebhookPagesController(MerchantsApi merchants, WebhooksApi webhooks, FormProblems forms) {
    this.merchants = merchants;
    this.webhooks = webhooks;
    this.forms = forms;
  }

  /** What the add form shows again after an error. */
  public record EndpointForm(String url, String description, List<String> events) {
  }

  @GetMapping("/merchant/{merchantId}/webhooks")
  public String page(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(required = false) UUID endpoint,
      @RequestParam(required = false) UUID delivery,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    MerchantCaller caller = caller(user, merchantId);
    forms.restore(user, draft, draft(merchantId), request, response, model)
        .filter(d -> d.fields().containsKey("url"))
        .ifPresent(d -> model.addAttribute("form", new EndpointForm(d.field("url"),
            d.field("description"), d.field("events") == null || d.field("events").isBlank()
                ? List.of() : List.of(d.field("events").split(",")))));
    List<Endpoint> endpoints = webhooks.endpoints(caller);
    model.addAttribute("merchant", merchants.merchant(merchantId).orElseThrow());
    model.addAttribute("role", merchants.roleOf(user.userId(), merchantId).orElseThrow());
    model.addAttribute("tab", "webhooks");
    model.addAttribute("endpoints", endpoints);
    model.addAttribute("mayWrite", caller.allows(ApiResource.WEBHOOKS, Access.WRITE));
    model.addAttribute("eventTypes", WebhooksApi.EVENT_TYPES);
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new EndpointForm("", "", List.of()));
    }
    Endpoint selected = endpoints.stream()
        .filter(e -> endpoint == null || e.id().equals(endpoint)).findFirst().orElse(null);
    model.addAttribute("selected", selected);
    if (selected != null) {
      List<Delivery> log = webhooks.deliveries(caller, selected.id(), null, LOG_ROWS);
      model.addAttribute("deliveries", log);
      if (delivery != null) {
        model.addAttribute("detail", webhooks.delivery(caller, selected.id(), delivery));
      }
    }
    return "merchant/webhooks";
  }

  @PostMapping("/merchant/{merchantId}/webhooks")
  public String add(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(defaultValue = "") String url,
      @RequestParam(defaultValue = "") String description,
      @RequestParam(name = "events", required = false) List<String> events,
      HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    List<String> chosen = events == null ? List.of() : events;
    try {
      Endpoint created = webhooks.create(caller, new NewEndpoint(url, description, chosen));
      return FormProblems.seeOther(request, base(merchantId) + "?added&endpoint="
          + created.id());
    } catch (OkPayException e) {
      return forms.redirect(request, user, draft(merchantId), base(merchantId) + "#endpoint-form",
          FormProblems.fields("url", url, "description", description, "events",
              String.join(",", chosen)), "problem", e);
    }
  }

  @PostMapping("/merchant/{merchantId}/webhooks/{endpointId}/{action:enable|disable}")
  public String enable(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID endpointId, @PathVariable String action, HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    try {
      webhooks.update(caller, endpointId,
          new EndpointChange(null, null, null, action.equals("enable")));
      return FormProblems.seeOther(request, base(merchantId) + "?endpoint=" + endpointId);
    } catch (OkPayException e) {
      return refused(request, user, merchantId, "?endpoint=" + endpointId, e);
    }
  }

  @PostMapping("/merchant/{merchantId}/webhooks/{endpointId}/rotate")
  public String rotate(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID endpointId, HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    try {
      webhooks.rotateSecret(caller, endpointId);
      return FormProblems.seeOther(request, base(merchantId) + "?rotated&endpoint="
          + endpointId);
    } catch (OkPayException e) {
      return refused(request, user, merchantId, "?endpoint=" + endpointId, e);
    }
  }

  @PostMapping("/merchant/{merchantId}/webhooks/{endpointId}/remove")
  public String remove(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID endpointId, HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    try {
      webhooks.delete(caller, endpointId);
      return FormProblems.seeOther(request, base(merchantId) + "?removed");
    } catch (OkPayException e) {
      return refused(request, user, merchantId, "", e);
    }
  }

  @PostMapping("/merchant/{merchantId}/webhooks/{endpointId}/deliveries/{deliveryId}/resend")
  public String resend(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID endpointId, @PathVariable UUID deliveryId,
      HttpServletRequest request) {
    MerchantCaller caller = caller(user, merchantId);
    String selected = "?endpoint=" + endpointId + "&delivery=" + deliveryId;
    try {
      webhooks.resend(caller, endpointId, deliveryId);
      return FormProblems.seeOther(request, base(merchantId) + selected + "&resent");
    } catch (OkPayException e) {
      return refused(request, user, merchantId, selected, e);
    }
  }

  /**
   * A refused button (a role without write, a disabled endpoint, one that is gone): the page
   * again with the refusal, by its draft. Another merchant's endpoint stays a 404 page.
   */
  private String refused(HttpServletRequest request, CurrentUser user, UUID merchantId,
      String query, OkPayException e) {
    if (e.errorCode() == ErrorCode.WEBHOOK_ENDPOINT_NOT_FOUND
        || e.errorCode() == ErrorCode.WEBHOOK_DELIVERY_NOT_FOUND) {
      throw e;
    }
    return forms.redirect(request, user, draft(merchantId), base(merchantId) + query,
        FormProblems.fields(), "problem", e);
  }

  private static String base(UUID merchantId) {
    return "/merchant/" + merchantId + "/webhooks";
  }

  private static String draft(UUID merchantId) {
    return "merchant-webhooks/" + merchantId;
  }

  private MerchantCaller caller(CurrentUser user, UUID merchantId) {
    return merchants.dashboardCaller(user, merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
  }
}
