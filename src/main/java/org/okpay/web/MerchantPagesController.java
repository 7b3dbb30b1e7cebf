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

  private final MerchantsApi merchants;
  private final MoneyText money;
  private final FormProblems forms;
  private final java.time.Clock clock;
  private final MerchantCharts charts;

  MerchantPagesController(MerchantsApi merchants, MoneyText money, FormProblems forms,
      java.time.Clock clock, MerchantCharts charts) {
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
  public String mine(@AuthenticationPrincipal CurrentUser user, Model model) {
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
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      Merchant merchant = merchants.onboard(user, new MerchantsApi.Onboarding(
          form.businessName(), category(form.category()), form.country(), form.website(),
          form.supportEmail(), form.settlementCurrency(), form.refundPolicy(),
          days(form.refundWindowDays())));
      return "redirect:/merchant/" + merchant.id() + "?onboarded";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("form", form);
      return mine(user, model);
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
      Model model) {
    MerchantRole role = dashboard(user, merchantId, "keys", model);
    model.addAttribute("keys", merchants.keys(user, merchantId));
    model.addAttribute("now", clock.instant());
    model.addAttribute("resources", ApiResource.values());
    model.addAttribute("accesses", Access.values());
    model.addAttribute("roleScopes", role.scopes());
    model.addAttribute("rollExpiries", KeyRollExpiry.values());
    return "merchant/keys";
  }

  @PostMapping("/merchant/{merchantId}/keys")
  public String createKey(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "secret") String type,
      @RequestParam Map<String, String> params, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      Map<ApiResource, Access> scopes = "restricted".equals(type) ? scopes(params) : null;
      NewKey key = merchants.createKey(user, merchantId, name, scopes);
      model.addAttribute("newKey", key);
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("keyName", name);
    }
    return keys(user, merchantId, model);
  }

  @PostMapping("/merchant/{merchantId}/keys/{keyId}/roll")
  public String rollKey(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID keyId, @RequestParam(defaultValue = "") String expiresIn,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      Duration expiry = KeyRollExpiry.fromKey(expiresIn).map(KeyRollExpiry::duration)
          .orElseThrow(() -> FieldErrors.invalid("expiresIn", FieldErrors.UNKNOWN));
      model.addAttribute("newKey", merchants.rollKey(user, merchantId, keyId, expiry));
      model.addAttribute("rolled", true);
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
    }
    return keys(user, merchantId, model);
  }

  @PostMapping("/merchant/{merchantId}/keys/{keyId}/revoke")
  public String revokeKey(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID keyId) {
    merchants.revokeKey(user, merchantId, keyId);
    return "redirect:/merchant/" + merchantId + "/keys?revoked";
  }

  @GetMapping("/merchant/{merchantId}/staff")
  public String staff(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      Model model) {
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
      HttpServletRequest request, HttpServletResponse response, Model model) {
    try {
      merchants.invite(user, merchantId, email, role(role));
      return "redirect:/merchant/" + merchantId + "/staff?invited";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      model.addAttribute("inviteEmail", email);
      return staff(user, merchantId, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/staff/invites/{inviteId}/cancel")
  public String cancelInvite(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID inviteId) {
    merchants.cancelInvite(user, merchantId, inviteId);
    return "redirect:/merchant/" + merchantId + "/staff?canceled";
  }

  @PostMapping("/merchant/{merchantId}/staff/{userId}/role")
  public String changeRole(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID userId,
      @RequestParam(defaultValue = "") String role, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      merchants.changeRole(user, merchantId, userId, role(role));
      return "redirect:/merchant/" + merchantId + "/staff?changed";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return staff(user, merchantId, model);
    }
  }

  @PostMapping("/merchant/{merchantId}/staff/{userId}/remove")
  public String removeStaff(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID userId, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      merchants.removeStaff(user, merchantId, userId);
      return userId.equals(user.userId()) ? "redirect:/merchant?left"
          : "redirect:/merchant/" + merchantId + "/staff?removed";
    } catch (OkPayException e) {
      forms.show("problem", e, request, response, model);
      return staff(user, merchantId, model);
    }
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
