package org.okpay.merchants;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;

/**
 * Merchants, their staff and their API keys. Every method that takes a {@link CurrentUser} and a
 * merchant id answers 404 {@code merchant_not_found} when the user is not staff of that merchant
 * (another merchant's object is "not found", never "forbidden"), and 403 {@code forbidden} when
 * the user's role does not allow the action.
 */
public interface MerchantsApi {

  /** Most merchants one user may own or work for. */
  int MERCHANTS_PER_USER_MAX = 20;
  /** Most keys (not revoked, not expired) one merchant may hold. */
  int KEYS_PER_MERCHANT_MAX = 20;
  /** Most staff members and open invitations, each, of one merchant. */
  int STAFF_PER_MERCHANT_MAX = 50;
  /** A refund window when onboarding does not name one; at most {@link #REFUND_WINDOW_DAYS_MAX}. */
  int REFUND_WINDOW_DAYS_DEFAULT = 180;
  int REFUND_WINDOW_DAYS_MAX = 365;

  /**
   * What a user fills in to become a merchant. Field rules (answered as 400 validation_failed
   * with the field at fault): business name 1..100 characters; country ISO 3166 alpha-2; website
   * empty or an http(s) URL; a support e-mail; a supported settlement currency; refund policy
   * 1..2000 characters; refund window 1..365 days (null = 180).
   */
  record Onboarding(String businessName, MerchantCategory category, String country,
      String website, String supportEmail, String settlementCurrency, String refundPolicy,
      Integer refundWindowDays) {
  }

  /** Makes the merchant with the user as its owner; the sandbox verifies it at once. */
  Merchant onboard(CurrentUser user, Onboarding onboarding);

  /**
   * Records a KYB provider's decision (verified or rejected) for a pending merchant, once:
   * false when it was decided already. See {@link KybCheck}.
   */
  boolean decideVerification(UUID merchantId, Merchant.Verification decision);

  Optional<Merchant> merchant(UUID merchantId);

  /** The merchants the user is staff of (any role), oldest first. */
  List<Merchant> merchantsOf(UUID userId);

  Optional<MerchantRole> roleOf(UUID userId, UUID merchantId);

  /**
   * The user acting on the dashboard for the merchant, with their role's scopes; empty when the
   * user is not staff of it (the page answers 404).
   */
  Optional<MerchantCaller> dashboardCaller(CurrentUser user, UUID merchantId);

  /** One balance of a merchant (ledger owner MERCHANT, kind "balance"). */
  record Balance(Currency currency, long balanceMinor, long availableMinor) {
  }

  /** The merchant's balances by currency; empty when no money arrived yet. */
  List<Balance> balances(UUID merchantId);

  // --- API keys ---

  /** How a key is shown: never its secret, which only {@link NewKey} carries, once. */
  record ApiKey(UUID id, UUID merchantId, String name, Kind kind, String prefix,
      Map<ApiResource, Access> scopes, Instant createdAt, Instant expiresAt, Instant revokedAt,
      Instant lastUsedAt) {

    public enum Kind {
      SECRET, RESTRICTED;

      public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    /** Usable at {@code now}: neither revoked nor expired. */
    public boolean active(Instant now) {
      return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  /** A key just made, with its whole secret: shown once, never stored or shown again. */
  record NewKey(ApiKey key, String secret) {
    @Override
    public String toString() {
      return "NewKey[key=" + key + ", secret=***]";
    }
  }

  /**
   * Makes a key. {@code scopes} null makes a secret key ({@code okp_sk_test_…}, write on every
   * resource); otherwise a restricted key ({@code okp_rk_test_…}) with those scopes. A user may
   * give a key no more than their own role has (only owners make secret keys).
   */
  NewKey createKey(CurrentUser user, UUID merchantId, String name,
      Map<ApiResource, Access> scopes);

  /**
   * Replaces a key with a new one of the same name, kind and scopes; the old one stops working
   * after {@code oldExpiresIn}, one of {@link KeyRollExpiry} (zero: at once).
   */
  NewKey rollKey(CurrentUser user, UUID merchantId, UUID keyId, Duration oldExpiresIn);

  /** Stops a key at once; revoking a revoked key changes nothing. */
  ApiKey revokeKey(CurrentUser user, UUID merchantId, UUID keyId);

  /** The merchant's keys, newest first, revoked and expired ones included. */
  List<ApiKey> keys(CurrentUser user, UUID merchantId);

  // --- Staff and invitations ---

  record StaffMember(UUID userId, String email, String displayName, MerchantRole role,
      Instant since) {
  }

  /** @param merchantName the merchant's business name, for the invitee */
  record Invite(UUID id, UUID merchantId, String merchantName, String email, MerchantRole role,
      Instant createdAt, Instant expiresAt) {
  }

  List<StaffMember> staff(CurrentUser user, UUID merchantId);

  /**
   * Invites an address (an owner only) and e-mails it; inviting the same address again renews
   * the open invitation with the new role.
   */
  Invite invite(CurrentUser user, UUID merchantId, String email, MerchantRole role);

  /** The merchant's open invitations (owners only). */
  List<Invite> invites(CurrentUser user, UUID merchantId);

  void cancelInvite(CurrentUser user, UUID merchantId, UUID inviteId);

  /** Open invitations to the user's own, verified address. */
  List<Invite> myInvites(CurrentUser user);

  /** Joins the merchant; only the signed-in user with the invited, verified address may. */
  Merchant acceptInvite(CurrentUser user, UUID inviteId);

  void declineInvite(CurrentUser user, UUID inviteId);

  /** Changes a staff member's role (owners only); the last owner cannot stop being one. */
  StaffMember changeRole(CurrentUser user, UUID merchantId, UUID staffUserId, MerchantRole role);

  /** Removes a staff member (owners only, or anyone leaving); never the last owner. */
  void removeStaff(CurrentUser user, UUID merchantId, UUID staffUserId);
}
