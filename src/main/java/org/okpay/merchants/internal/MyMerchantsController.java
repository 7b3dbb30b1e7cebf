package org.okpay.merchants.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
import org.okpay.merchants.MerchantsApi.ApiKey;
import org.okpay.merchants.MerchantsApi.Invite;
import org.okpay.merchants.MerchantsApi.NewKey;
import org.okpay.merchants.MerchantsApi.StaffMember;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in user's merchants over JSON: onboarding, keys, staff and invitations. The same rules
 * as the dashboard: a merchant the user is not staff of is 404, a role that does not allow the
 * action is 403.
 */
@RestController
@Tag(name = "My merchants")
class MyMerchantsController {

  private final MerchantsApi merchants;

  MyMerchantsController(MerchantsApi merchants) {
    this.merchants = merchants;
  }

  record OnboardingBody(String businessName, String category, String country, String website,
      String supportEmail, String settlementCurrency, String refundPolicy,
      Integer refundWindowDays) {
  }

  record MerchantView(UUID id, String businessName, String category, String country,
      String website, String supportEmail, String settlementCurrency, String refundPolicy,
      int refundWindowDays, String verification, Instant verifiedAt, Instant createdAt,
      String role, Map<String, String> scopes) {
    static MerchantView of(Merchant m, MerchantRole role) {
      Map<String, String> scopes = new LinkedHashMap<>();
      role.scopes().forEach((resource, access) -> scopes.put(resource.key(), access.key()));
      return new MerchantView(m.id(), m.businessName(), m.category().key(), m.country(),
          m.website(), m.supportEmail(), m.settlementCurrency().getCurrencyCode(),
          m.refundPolicy(), m.refundWindowDays(), m.verification().key(), m.verifiedAt(),
          m.createdAt(), role.key(), scopes);
    }
  }

  record MerchantsView(List<MerchantView> merchants) {
  }

  record BalanceView(String currency, long balanceMinor, long availableMinor) {
  }

  record MerchantDetailView(MerchantView merchant, List<BalanceView> balances) {
  }

  /** @param scopes for a restricted key: resource to none/read/write; absent for a secret key */
  record NewKeyBody(String name, String type, Map<String, String> scopes) {
  }

  /** @param expiresIn when the old key stops: now, 1h, 24h or 7d */
  record RollBody(String expiresIn) {
  }

  record KeyView(UUID id, String name, String type, String prefix, Map<String, String> scopes,
      Instant createdAt, Instant expiresAt, Instant revokedAt, Instant lastUsedAt) {
    static KeyView of(ApiKey k) {
      Map<String, String> scopes = new LinkedHashMap<>();
      k.scopes().forEach((resource, access) -> scopes.put(resource.key(), access.key()));
      return new KeyView(k.id(), k.name(), k.kind().key(), k.prefix(), scopes, k.createdAt(),
          k.expiresAt(), k.revokedAt(), k.lastUsedAt());
    }
  }

  /** @param secret the whole key: shown in this answer only, never again */
  record NewKeyView(KeyView key, String secret) {
    @Override
    public String toString() {
      return "NewKeyView[key=" + key + ", secret=***]";
    }
  }

  record KeysView(List<KeyView> keys) {
  }

  record InviteBody(String email, String role) {
  }

  record RoleBody(String role) {
  }

  record StaffView(UUID userId, String email, String displayName, String role, Instant since) {
    static StaffView of(StaffMember s) {
      return new StaffView(s.userId(), s.email(), s.displayName(), s.role().key(), s.since());
    }
  }

  record InviteView(UUID id, UUID merchantId, String merchantName, String email, String role,
      Instant createdAt, Instant expiresAt) {
    static InviteView of(Invite i) {
      return new InviteView(i.id(), i.merchantId(), i.merchantName(), i.email(), i.role().key(),
          i.createdAt(), i.expiresAt());
    }
  }

  /** @param invites open invitations: shown to owners only (empty for other roles) */
  record StaffListView(List<StaffView> staff, List<InviteView> invites) {
  }

  record InvitesView(List<InviteView> invites) {
  }

  @GetMapping("/api/v1/me/merchants")
  @Operation(summary = "The merchants you own or work for, with your role")
  MerchantsView list(@AuthenticationPrincipal CurrentUser user) {
    return new MerchantsView(merchants.merchantsOf(user.userId()).stream()
        .map(m -> MerchantView.of(m, merchants.roleOf(user.userId(), m.id()).orElseThrow()))
        .toList());
  }

  @PostMapping("/api/v1/me/merchants")
  @Operation(summary = "Become a merchant: onboard a business (the sandbox verifies it at once)")
  ResponseEntity<MerchantView> onboard(@AuthenticationPrincipal CurrentUser user,
      @RequestBody OnboardingBody body) {
    Merchant merchant = merchants.onboard(user, new MerchantsApi.Onboarding(body.businessName(),
        category(body.category()), body.country(), body.website(), body.supportEmail(),
        body.settlementCurrency(), body.refundPolicy(), body.refundWindowDays()));
    return ResponseEntity.status(HttpStatus.CREATED).body(MerchantView.of(merchant,
        MerchantRole.OWNER));
  }

  @GetMapping("/api/v1/me/merchants/{merchantId}")
  @Operation(summary = "One of your merchants, with its balances")
  MerchantDetailView one(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId) {
    MerchantRole role = role(user, merchantId);
    Merchant merchant = merchants.merchant(merchantId).orElseThrow();
    return new MerchantDetailView(MerchantView.of(merchant, role),
        merchants.balances(merchantId).stream().map(b -> new BalanceView(
            b.currency().getCurrencyCode(), b.balanceMinor(), b.availableMinor())).toList());
  }

  @GetMapping("/api/v1/me/merchants/{merchantId}/keys")
  @Operation(summary = "The merchant's API keys (owners and developers); never their secrets")
  KeysView keys(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId) {
    return new KeysView(merchants.keys(user, merchantId).stream().map(KeyView::of).toList());
  }

  @PostMapping("/api/v1/me/merchants/{merchantId}/keys")
  @Operation(summary = "Create a secret or restricted key; its secret is in this answer only")
  ResponseEntity<NewKeyView> createKey(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestBody NewKeyBody body) {
    Map<ApiResource, Access> scopes = switch (body.type() == null ? "" : body.type()) {
      case "secret" -> {
        if (body.scopes() != null) {
          throw FieldErrors.invalid("scopes", FieldErrors.INVALID);
        }
        yield null;
      }
      case "restricted" -> scopes(body.scopes());
      case "" -> throw FieldErrors.invalid("type", FieldErrors.REQUIRED);
      default -> throw FieldErrors.invalid("type", FieldErrors.UNKNOWN);
    };
    NewKey key = merchants.createKey(user, merchantId, body.name(), scopes);
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new NewKeyView(KeyView.of(key.key()), key.secret()));
  }

  @PostMapping("/api/v1/me/merchants/{merchantId}/keys/{keyId}/roll")
  @Operation(summary = "Replace a key; the old one stops now, in 1h, 24h or 7d")
  ResponseEntity<NewKeyView> roll(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID keyId, @RequestBody RollBody body) {
    NewKey key = merchants.rollKey(user, merchantId, keyId, rollExpiry(body.expiresIn()));
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(new NewKeyView(KeyView.of(key.key()), key.secret()));
  }

  @PostMapping("/api/v1/me/merchants/{merchantId}/keys/{keyId}/revoke")
  @Operation(summary = "Revoke a key at once")
  KeyView revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID keyId) {
    return KeyView.of(merchants.revokeKey(user, merchantId, keyId));
  }

  @GetMapping("/api/v1/me/merchants/{merchantId}/staff")
  @Operation(summary = "The merchant's staff, and (for owners) its open invitations")
  StaffListView staff(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId) {
    MerchantRole role = role(user, merchantId);
    List<InviteView> invites = role.managesStaff()
        ? merchants.invites(user, merchantId).stream().map(InviteView::of).toList() : List.of();
    return new StaffListView(merchants.staff(user, merchantId).stream().map(StaffView::of)
        .toList(), invites);
  }

  @PostMapping("/api/v1/me/merchants/{merchantId}/invites")
  @Operation(summary = "Invite someone by e-mail as owner, developer or support (owners only)")
  ResponseEntity<InviteView> invite(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @RequestBody InviteBody body) {
    Invite invite = merchants.invite(user, merchantId, body.email(), role(body.role()));
    return ResponseEntity.status(HttpStatus.CREATED).body(InviteView.of(invite));
  }

  @DeleteMapping("/api/v1/me/merchants/{merchantId}/invites/{inviteId}")
  @Operation(summary = "Cancel an open invitation (owners only)")
  ResponseEntity<Void> cancelInvite(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID inviteId) {
    merchants.cancelInvite(user, merchantId, inviteId);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/merchants/{merchantId}/staff/{userId}")
  @Operation(summary = "Change a staff member's role (owners only)")
  StaffView changeRole(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID merchantId,
      @PathVariable UUID userId, @RequestBody RoleBody body) {
    return StaffView.of(merchants.changeRole(user, merchantId, userId, role(body.role())));
  }

  @DeleteMapping("/api/v1/me/merchants/{merchantId}/staff/{userId}")
  @Operation(summary = "Remove a staff member (owners), or leave (yourself)")
  ResponseEntity<Void> removeStaff(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID merchantId, @PathVariable UUID userId) {
    merchants.removeStaff(user, merchantId, userId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/v1/me/merchants/invites")
  @Operation(summary = "Open invitations to your verified address")
  InvitesView myInvites(@AuthenticationPrincipal CurrentUser user) {
    return new InvitesView(merchants.myInvites(user).stream().map(InviteView::of).toList());
  }

  @PostMapping("/api/v1/me/merchants/invites/{inviteId}/accept")
  @Operation(summary = "Accept an invitation to your verified address and join the merchant")
  MerchantView accept(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID inviteId) {
    Merchant merchant = merchants.acceptInvite(user, inviteId);
    return MerchantView.of(merchant, merchants.roleOf(user.userId(), merchant.id()).orElseThrow());
  }

  @PostMapping("/api/v1/me/merchants/invites/{inviteId}/decline")
  @Operation(summary = "Decline an invitation to your address")
  ResponseEntity<Void> decline(@AuthenticationPrincipal CurrentUser user,
      @PathVariable UUID inviteId) {
    merchants.declineInvite(user, inviteId);
    return ResponseEntity.noContent().build();
  }

  private MerchantRole role(CurrentUser user, UUID merchantId) {
    return merchants.roleOf(user.userId(), merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
  }

  static MerchantCategory category(String key) {
    if (key == null || key.isBlank()) {
      throw FieldErrors.invalid("category", FieldErrors.REQUIRED);
    }
    try {
      return MerchantCategory.fromKey(key.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("category", FieldErrors.UNKNOWN);
    }
  }

  static MerchantRole role(String key) {
    if (key == null || key.isBlank()) {
      throw FieldErrors.invalid("role", FieldErrors.REQUIRED);
    }
    try {
      return MerchantRole.fromKey(key.strip());
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("role", FieldErrors.UNKNOWN);
    }
  }

  static Duration rollExpiry(String key) {
    if (key == null || key.isBlank()) {
      throw FieldErrors.invalid("expiresIn", FieldErrors.REQUIRED);
    }
    return KeyRollExpiry.fromKey(key).map(KeyRollExpiry::duration)
        .orElseThrow(() -> FieldErrors.invalid("expiresIn", FieldErrors.UNKNOWN));
  }

  /** Every resource's access from its key; a resource not named is none. */
  static Map<ApiResource, Access> scopes(Map<String, String> given) {
    Map<ApiResource, Access> scopes = new EnumMap<>(ApiResource.class);
    if (given == null) {
      return scopes;
    }
    for (Map.Entry<String, String> entry : given.entrySet()) {
      try {
        scopes.put(ApiResource.fromKey(entry.getKey()), Access.fromKey(
            entry.getValue() == null ? "" : entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw FieldErrors.invalid("scopes." + entry.getKey(), FieldErrors.UNKNOWN);
      }
    }
    return scopes;
  }

}
