package org.okpay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.KeyRollExpiry;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.MerchantCategory;
import org.okpay.merchants.MerchantRole;
import org.okpay.merchants.MerchantsApi;
import org.okpay.merchants.MerchantsApi.NewKey;
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
 * The merchant dashboard's own pages: my merchants and onboarding, a merchant's overview, its
 * API keys and its staff. Everything goes through {@link MerchantsApi} with the signed-in user,
 * so a page of a merchant the user is not staff of is 404, as in the API. A new key's secret is
 * shown on the answer to the POST that made it and nowhere else (never in a URL).
 */
@Controller
public class MerchantPagesController {

  static final String ONBOARDING_DRAFT = "merchant-onboarding";

  private final MerchantsApi merchants;
  private final MoneyText money;
  private final FormProblems forms;
  private final java.time.Clock clock;
  private final MerchantCharts charts;
  private final FormDrafts drafts;

  MerchantPagesController(MerchantsApi merchants, MoneyText money, FormProblems forms,
      java.time.Clock clock, MerchantCharts charts, FormDrafts drafts) {
    this.drafts = drafts;
    this.merchants = merchants;
    this.charts = charts;
    this.money = money;
    this.forms = forms;
    this.clock = clock;
  }

  /** What the onboarding form shows again after an error. */
  public record OnboardingForm(String businessName, String category, String country,
      String website, String supportEmail, String settlementCurrency, String refundPolicy,
      String refundWindowDays) {
  }

  /** A merchant in the list, with the user's role. */
  public record MerchantRow(Merchant merchant, MerchantRole role) {
  }

  /** A balance as the overview shows it. */
  public record BalanceRow(String currency, String balance, String available) {
  }

  @GetMapping("/merchant")
  public String mine(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, ONBOARDING_DRAFT, request, response, model)
        .ifPresent(d -> model.addAttribute("form", new OnboardingForm(d.field("businessName"),
            d.field("category"), d.field("country"), d.field("website"),
            d.field("supportEmail"), d.field("settlementCurrency"), d.field("refundPolicy"),
            d.field("refundWindowDays"))));
    model.addAttribute("merchants", merchants.merchantsOf(user.userId()).stream()
        .map(m -> new MerchantRow(m, merchants.roleOf(user.userId(), m.id()).orElseThrow()))
        .toList());
    model.addAttribute("invites", merchants.myInvites(user));
    model.addAttribute("categories", MerchantCategory.values());
    model.addAttribute("currencies", SupportedCurrencies.ALL);
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", new OnboardingForm("", "", user.country() == null ? ""
          : user.country(), "", user.email(), "", "",
          Integer.toString(MerchantsApi.REFUND_WINDOW_DAYS_DEFAULT)));
    }
    return "merchant/merchants";
  }

  @PostMapping("/merchant")
  public String onboard(@AuthenticationPrincipal CurrentUser user, OnboardingForm form,
      HttpServletRequest request) {
    try {
      Merchant merchant = merchants.onboard(user, new MerchantsApi.Onboarding(
          form.businessName(), category(form.category()), form.country(), form.website(),
          form.supportEmail(), form.settlementCurrency(), form.refundPolicy(),
          days(form.refundWindowDays())));
      return FormProblems.seeOther(request, "/merchant/" + merchant.id() + "?onboarded");
    } catch (OkPayException e) {
      return forms.redirect(request, user, ONBOARDING_DRAFT, "/merchant#onboard-form",
          FormProblems.fields("businessName", form.businessName(), "category", form.category(),
              "country", form.country(), "website", form.website(), "supportEmail",
              form.supportEmail(), "settlementCurrency", form.settlementCurrency(),
              "refundPolicy", form.refundPolicy(), "refundWindowDays",
              form.refundWindowDays()), "problem", e);
    }
  }

  @PostMapping("/merchant/invites/{inviteId}/accept")
  public String accept(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID inviteId) {
    Merchant merchant = merchants.acceptInvite(user, inviteId);
    return "redirect:/merchant/" + merchant.id() + "?joined";
  }

  @PostMapping("/merchant/invites/{inviteId}/decline")
  public String decline(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID inviteId) {
    merchants.declineInvite(user, inviteId);
    return "redirect:/merchant?declined";
  }

  @GetMapping("/merchant/{merchantId}")
  public String overview(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, Model model) {
    dashboard(user, merchantId, "overview", model);
    model.addAttribute("balances", merchants.balances(merchantId).stream()
        .map(b -> new BalanceRow(b.currency().getCurrencyCode(),
            money.of(b.balanceMinor(), b.currency()), money.of(b.availableMinor(), b.currency())))
        .toList());
    charts.daily(user, merchantId).ifPresent(c -> model.addAttribute("dailyCharts", c));
    return "merchant/overview";
  }

  @GetMapping("/merchant/{merchantId}/keys")
  public String keys(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, keysDraft(merchantId), request, response, model)
        .ifPresent(d -> model.addAttribute("keyName", d.field("name")));
    return keys(user, merchantId, model);
  }

  private String keys(CurrentUser user, UUID merchantId, Model model) {
    MerchantRole role = dashboard(user, merchantId, "keys", model);
    model.addAttribute("keys", merchants.keys(user, merchantId));
    model.addAttribute("now", clock.instant());
    model.addAttribute("resources", ApiResource.values());
    model.addAttribute("accesses", Access.values());
    model.addAttribute("roleScopes", role.scopes());
    model.addAttribute("rollExpiries", KeyRollExpiry.values());
    model.addAttribute("formKey", UUID.randomUUID().toString());
    return "merchant/keys";
  }

  /**
   * A new key's secret is shown on the answer to this POST and nowhere else (never stored
   * readable, never in a URL), so its answer is not a redirect. The form's one-time
   * {@code formKey} makes a reload that re-posts it make nothing: it goes to the keys page,
   * which says the secret was shown once. A refusal goes back by its draft.
   */
  @PostMapping("/merchant/{merchantId}/keys")
  public String createKey(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "secret") String type,
      @RequestParam(defaultValue = "") String formKey,
      @RequestParam Map<String, String> params, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (!firstUse(user, merchantId, formKey)) {
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "/keys?shownOnce");
    }
    try {
      Map<ApiResource, Access> scopes = "restricted".equals(type) ? scopes(params) : null;
      NewKey key = merchants.createKey(user, merchantId, name, scopes);
      model.addAttribute("newKey", key);
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.MERCHANT_NOT_FOUND) {
        throw e;
      }
      return forms.redirect(request, user, keysDraft(merchantId),
          "/merchant/" + merchantId + "/keys#key-form", FormProblems.fields("name", name),
          "problem", e);
    }
    response.setHeader(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store");
    return keys(user, merchantId, model);
  }

  @PostMapping("/merchant/{merchantId}/keys/{keyId}/roll")
  public String rollKey(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID keyId, @RequestParam(defaultValue = "") String expiresIn,
      @RequestParam(defaultValue = "") String formKey, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    if (!firstUse(user, merchantId, formKey)) {
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "/keys?shownOnce");
    }
    try {
      Duration expiry = KeyRollExpiry.fromKey(expiresIn).map(KeyRollExpiry::duration)
          .orElseThrow(() -> FieldErrors.invalid("expiresIn", FieldErrors.UNKNOWN));
      model.addAttribute("newKey", merchants.rollKey(user, merchantId, keyId, expiry));
      model.addAttribute("rolled", true);
    } catch (OkPayException e) {
      if (e.errorCode() == ErrorCode.MERCHANT_NOT_FOUND) {
        throw e;
      }
      return forms.redirect(request, user, keysDraft(merchantId),
          "/merchant/" + merchantId + "/keys", FormProblems.fields(), "problem", e);
    }
    response.setHeader(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store");
    return keys(user, merchantId, model);
  }

  /** A form without its one-time key (an old page) is let through, as before. */
  private boolean firstUse(CurrentUser user, UUID merchantId, String formKey) {
    UUID id = FormDrafts.uuid(formKey);
    return id == null || drafts.firstUse(user.userId(), "keys-once/" + merchantId, id);
  }

  @PostMapping("/merchant/{merchantId}/keys/{keyId}/revoke")
  public String revokeKey(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID keyId) {
    merchants.revokeKey(user, merchantId, keyId);
    return "redirect:/merchant/" + merchantId + "/keys?revoked";
  }

  @GetMapping("/merchant/{merchantId}/staff")
  public String staff(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(required = false) String draft, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    forms.restore(user, draft, staffDraft(merchantId), request, response, model)
        .ifPresent(d -> d.fields().forEach(model::addAttribute));
    MerchantRole role = dashboard(user, merchantId, "staff", model);
    model.addAttribute("staff", merchants.staff(user, merchantId));
    model.addAttribute("invites", role.managesStaff() ? merchants.invites(user, merchantId)
        : List.of());
    model.addAttribute("roles", MerchantRole.values());
    return "merchant/staff";
  }

  @PostMapping("/merchant/{merchantId}/staff/invites")
  public String invite(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String role,
      HttpServletRequest request) {
    try {
      merchants.invite(user, merchantId, email, role(role));
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "/staff?invited");
    } catch (OkPayException e) {
      return staffRefused(request, user, merchantId, "#invite-form",
          FormProblems.fields("inviteEmail", email, "inviteRole", role), e);
    }
  }

  @PostMapping("/merchant/{merchantId}/staff/invites/{inviteId}/cancel")
  public String cancelInvite(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID inviteId, HttpServletRequest request) {
    try {
      merchants.cancelInvite(user, merchantId, inviteId);
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "/staff?canceled");
    } catch (OkPayException e) {
      return staffRefused(request, user, merchantId, "", FormProblems.fields(), e);
    }
  }

  @PostMapping("/merchant/{merchantId}/staff/{userId}/role")
  public String changeRole(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID userId,
      @RequestParam(defaultValue = "") String role, HttpServletRequest request) {
    try {
      merchants.changeRole(user, merchantId, userId, role(role));
      return FormProblems.seeOther(request, "/merchant/" + merchantId + "/staff?changed");
    } catch (OkPayException e) {
      return staffRefused(request, user, merchantId, "", FormProblems.fields(), e);
    }
  }

  @PostMapping("/merchant/{merchantId}/staff/{userId}/remove")
  public String removeStaff(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID userId, HttpServletRequest request) {
    try {
      merchants.removeStaff(user, merchantId, userId);
      return FormProblems.seeOther(request, userId.equals(user.userId()) ? "/merchant?left"
          : "/merchant/" + merchantId + "/staff?removed");
    } catch (OkPayException e) {
      return staffRefused(request, user, merchantId, "", FormProblems.fields(), e);
    }
  }

  private String staffRefused(HttpServletRequest request, CurrentUser user, UUID merchantId,
      String anchor, Map<String, String> fields, OkPayException e) {
    if (e.errorCode() == ErrorCode.MERCHANT_NOT_FOUND) {
      throw e;
    }
    return forms.redirect(request, user, staffDraft(merchantId),
        "/merchant/" + merchantId + "/staff" + anchor, fields, "problem", e);
  }

  private static String keysDraft(UUID merchantId) {
    return "merchant-keys/" + merchantId;
  }

  private static String staffDraft(UUID merchantId) {
    return "merchant-staff/" + merchantId;
  }

  /**
   * Puts what every dashboard page shows (the merchant, the user's role and scopes, the active
   * tab) in the model; 404 when the user is not staff of the merchant.
   */
  private MerchantRole dashboard(CurrentUser user, UUID merchantId, String tab, Model model) {
    MerchantRole role = merchants.roleOf(user.userId(), merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
    model.addAttribute("merchant", merchants.merchant(merchantId).orElseThrow());
    model.addAttribute("role", role);
    model.addAttribute("tab", tab);
    return role;
  }

  /** The form's {@code scope.<resource>} selects; a resource not sent is none. */
  private static Map<ApiResource, Access> scopes(Map<String, String> params) {
    Map<ApiResource, Access> scopes = new EnumMap<>(ApiResource.class);
    for (ApiResource resource : ApiResource.values()) {
      String value = params.getOrDefault("scope." + resource.key(), "none");
      try {
        scopes.put(resource, Access.fromKey(value));
      } catch (IllegalArgumentException e) {
        throw FieldErrors.invalid("scopes." + resource.key(), FieldErrors.UNKNOWN);
      }
    }
    return scopes;
  }

  private static MerchantCategory category(String key) {
    try {
      return key == null || key.isBlank() ? null : MerchantCategory.fromKey(key.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("category", FieldErrors.UNKNOWN);
    }
  }

  private static MerchantRole role(String key) {
    try {
      return key.isBlank() ? null : MerchantRole.fromKey(key.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("role", FieldErrors.UNKNOWN);
    }
  }

  /** Days typed in the form; blank is the default, anything not a number is out of range. */
  private static Integer days(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    return t.matches("[0-9]{1,4}") ? Integer.valueOf(t) : Integer.valueOf(0);
  }
}
