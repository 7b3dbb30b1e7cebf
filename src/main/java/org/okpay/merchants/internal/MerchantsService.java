package org.okpay.merchants.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OwnerType;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.KeyRollExpiry;
import org.okpay.merchants.KybCheck;
import org.okpay.merchants.Merchant;
import org.okpay.merchants.Merchant.Verification;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantRole;
import org.okpay.merchants.MerchantsApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link MerchantsApi}: onboarding, the dashboard's caller, keys, staff and invitations. */
@Service
class MerchantsService implements MerchantsApi {

  /** The kind of a merchant's ledger account that holds its money, one per currency. */
  static final String BALANCE_KIND = "balance";
  static final int KEY_NAME_MAX = 60;
  static final Duration INVITE_VALIDITY = Duration.ofDays(7);
  private static final int KEYS_LISTED_MAX = 200;

  private final MerchantStore merchants;
  private final ApiKeyStore keys;
  private final InviteStore invites;
  private final KybCheck kyb;
  private final LedgerApi ledger;
  private final IdentityApi identity;
  private final InviteMails mails;
  private final Clock clock;
  private final MerchantsAudit audit;

  MerchantsService(MerchantStore merchants, ApiKeyStore keys, InviteStore invites, KybCheck kyb,
      LedgerApi ledger, IdentityApi identity, InviteMails mails, Clock clock,
      MerchantsAudit audit) {
    this.audit = audit;
    this.merchants = merchants;
    this.keys = keys;
    this.invites = invites;
    this.kyb = kyb;
    this.ledger = ledger;
    this.identity = identity;
    this.mails = mails;
    this.clock = clock;
  }

  @Override
  @Transactional
  public Merchant onboard(CurrentUser user, Onboarding onboarding) {
    OnboardingRules.Clean clean = OnboardingRules.check(onboarding);
    if (merchants.countOfUser(user.userId()) >= MERCHANTS_PER_USER_MAX) {
      throw new OkPayException(ErrorCode.MERCHANTS_FULL);
    }
    Instant now = now();
    Merchant pending = new Merchant(UUID.randomUUID(), user.userId(), clean.businessName(),
        onboarding.category(), clean.country(), clean.website(), clean.supportEmail(),
        clean.settlementCurrency(), clean.refundPolicy(), clean.refundWindowDays(),
        Verification.PENDING, null, now);
    merchants.insert(pending);
    merchants.addStaff(pending.id(), user.userId(), MerchantRole.OWNER, now);
    // The KYB plug-in point: the sandbox's check verifies at once; a real provider may answer
    // PENDING and decide later through decideVerification.
    Verification decision = kyb.check(pending);
    if (decision != Verification.PENDING) {
      merchants.decide(pending.id(), decision, now);
    }
    return merchants.find(pending.id()).orElseThrow();
  }

  @Override
  @Transactional
  public boolean decideVerification(UUID merchantId, Verification decision) {
    if (decision == Verification.PENDING) {
      throw new IllegalArgumentException("a decision is verified or rejected");
    }
    return merchants.decide(merchantId, decision, now());
  }

  @Override
  public Optional<Merchant> merchant(UUID merchantId) {
    return merchants.find(merchantId);
  }

  @Override
  public List<Merchant> merchantsOf(UUID userId) {
    return merchants.ofUser(userId, MERCHANTS_PER_USER_MAX);
  }

  @Override
  public Optional<MerchantRole> roleOf(UUID userId, UUID merchantId) {
    return merchants.role(merchantId, userId);
  }

  @Override
  public Optional<MerchantCaller> dashboardCaller(CurrentUser user, UUID merchantId) {
    return merchants.role(merchantId, user.userId())
        .map(role -> new MerchantCaller(merchantId, null, user.userId(), role.scopes()));
  }

  @Override
  public List<Balance> balances(UUID merchantId) {
    return ledger.accountsOf(OwnerType.MERCHANT, merchantId.toString()).stream()
        .filter(a -> BALANCE_KIND.equals(a.kind()))
        .sorted(Comparator.comparing(a -> a.currency().getCurrencyCode()))
        .map(a -> new Balance(a.currency(), a.balanceMinor(), a.availableMinor())).toList();
  }

  // --- keys ---

  @Override
  @Transactional
  public NewKey createKey(CurrentUser user, UUID merchantId, String name,
      Map<ApiResource, Access> scopes) {
    MerchantRole role = keyManager(user, merchantId);
    String cleanName = OnboardingRules.trim(name);
    if (cleanName.isEmpty()) {
      throw FieldErrors.invalid("name", FieldErrors.REQUIRED);
    }
    if (cleanName.length() > KEY_NAME_MAX) {
      throw FieldErrors.invalid("name", FieldErrors.TOO_LONG);
    }
    ApiKey.Kind kind = scopes == null ? ApiKey.Kind.SECRET : ApiKey.Kind.RESTRICTED;
    Map<ApiResource, Access> granted = scopes == null ? MerchantRole.OWNER.scopes() : scopes;
    requireWithin(role, granted);
    merchants.lockStaff(merchantId);
    Instant now = now();
    if (keys.countActive(merchantId, now) >= KEYS_PER_MERCHANT_MAX) {
      throw new OkPayException(ErrorCode.API_KEYS_FULL);
    }
    NewKey created = insertKey(user, merchantId, cleanName, kind, granted, now);
    audit.byUser("api_key_created", user.userId(), "api_key", created.key().id(),
        "merchant", merchantId.toString(), "kind", kind.name().toLowerCase(Locale.ROOT),
        "prefix", created.key().prefix());
    return created;
  }

  @Override
  @Transactional
  public NewKey rollKey(CurrentUser user, UUID merchantId, UUID keyId, Duration oldExpiresIn) {
    if (oldExpiresIn == null || !KeyRollExpiry.offered(oldExpiresIn)) {
      throw FieldErrors.invalid("expiresIn", FieldErrors.UNKNOWN);
    }
    MerchantRole role = keyManager(user, merchantId);
    merchants.lockStaff(merchantId);
    ApiKey old = keys.lock(merchantId, keyId)
        .orElseThrow(() -> new OkPayException(ErrorCode.API_KEY_NOT_FOUND));
    requireWithin(role, old.scopes());
    Instant now = now();
    if (!old.active(now)) {
      throw new OkPayException(ErrorCode.API_KEY_REVOKED);
    }
    // The old key is replaced, not added to: it does not count toward the limit, the new does.
    if (keys.countActive(merchantId, now) > KEYS_PER_MERCHANT_MAX) {
      throw new OkPayException(ErrorCode.API_KEYS_FULL);
    }
    NewKey next = insertKey(user, merchantId, old.name(), old.kind(), old.scopes(), now);
    keys.expireRolled(merchantId, keyId, now.plus(oldExpiresIn), next.key().id());
    audit.byUser("api_key_rolled", user.userId(), "api_key", keyId,
        "merchant", merchantId.toString(), "newKey", next.key().id().toString(),
        "oldExpiresAt", now.plus(oldExpiresIn).toString());
    return next;
  }

  @Override
  @Transactional
  public ApiKey revokeKey(CurrentUser user, UUID merchantId, UUID keyId) {
    MerchantRole role = keyManager(user, merchantId);
    ApiKey key = keys.lock(merchantId, keyId)
        .orElseThrow(() -> new OkPayException(ErrorCode.API_KEY_NOT_FOUND));
    requireWithin(role, key.scopes());
    keys.revoke(merchantId, keyId, now());
    audit.byUser("api_key_revoked", user.userId(), "api_key", keyId,
        "merchant", merchantId.toString());
    return keys.lock(merchantId, keyId).orElseThrow();
  }

  @Override
  public List<ApiKey> keys(CurrentUser user, UUID merchantId) {
    keyManager(user, merchantId);
    return keys.ofMerchant(merchantId, KEYS_LISTED_MAX);
  }

  private NewKey insertKey(CurrentUser user, UUID merchantId, String name, ApiKey.Kind kind,
      Map<ApiResource, Access> scopes, Instant now) {
    String secret = ApiKeySecrets.newSecret(kind);
    ApiKey key = new ApiKey(UUID.randomUUID(), merchantId, name, kind,
        ApiKeySecrets.prefix(secret), new EnumMap<>(complete(scopes)), now, null, null, null);
    keys.insert(key, ApiKeySecrets.sha256(secret), user.userId());
    return new NewKey(key, secret);
  }

  /** The staff member's role, when it may manage keys; 404 for a stranger, 403 for support. */
  private MerchantRole keyManager(CurrentUser user, UUID merchantId) {
    MerchantRole role = staffRole(user, merchantId);
    if (!role.managesKeys()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return role;
  }

  /** A user never hands a key more than their own role has (only owners make secret keys). */
  private static void requireWithin(MerchantRole role, Map<ApiResource, Access> scopes) {
    for (ApiResource resource : ApiResource.values()) {
      Access wanted = scopes.getOrDefault(resource, Access.NONE);
      if (!role.scopes().get(resource).allows(wanted)) {
        throw new OkPayException(ErrorCode.API_KEY_SCOPE_MISSING,
            Map.of("resource", resource.key(), "access", wanted.key()));
      }
    }
  }

  private static Map<ApiResource, Access> complete(Map<ApiResource, Access> scopes) {
    Map<ApiResource, Access> all = new EnumMap<>(ApiResource.class);
    for (ApiResource resource : ApiResource.values()) {
      all.put(resource, scopes.getOrDefault(resource, Access.NONE));
    }
    return all;
  }

  // --- staff and invitations ---

  @Override
  public List<StaffMember> staff(CurrentUser user, UUID merchantId) {
    staffRole(user, merchantId);
    return merchants.staff(merchantId, STAFF_PER_MERCHANT_MAX).stream().map(s -> {
      Optional<IdentityApi.Contact> contact = identity.contact(s.userId());
      return new StaffMember(s.userId(), contact.map(IdentityApi.Contact::email).orElse(""),
          contact.map(IdentityApi.Contact::displayName).orElse(""), s.role(), s.since());
    }).toList();
  }

  @Override
  @Transactional
  public Invite invite(CurrentUser user, UUID merchantId, String email, MerchantRole role) {
    staffManager(user, merchantId);
    String address = OnboardingRules.trim(email).toLowerCase(Locale.ROOT);
    if (address.isEmpty()) {
      throw FieldErrors.invalid("email", FieldErrors.REQUIRED);
    }
    if (address.length() > OnboardingRules.EMAIL_MAX
        || !OnboardingRules.EMAIL.matcher(address).matches()) {
      throw FieldErrors.invalid("email", FieldErrors.FORMAT);
    }
    if (role == null) {
      throw FieldErrors.invalid("role", FieldErrors.REQUIRED);
    }
    merchants.lockStaff(merchantId);
    Instant now = now();
    if (invites.countOpen(merchantId, now) >= STAFF_PER_MERCHANT_MAX
        || merchants.countStaff(merchantId) >= STAFF_PER_MERCHANT_MAX) {
      throw new OkPayException(ErrorCode.STAFF_FULL);
    }
    UUID id = invites.upsert(merchantId, address, role, user.userId(), now,
        now.plus(INVITE_VALIDITY));
    Invite invite = invites.openOfMerchant(merchantId, now, STAFF_PER_MERCHANT_MAX).stream()
        .filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    mails.sendInvite(invite, user);
    audit.byUser("staff_invited", user.userId(), "merchant", merchantId,
        "invite", id.toString(), "role", role.name().toLowerCase(Locale.ROOT));
    return invite;
  }

  @Override
  public List<Invite> invites(CurrentUser user, UUID merchantId) {
    staffManager(user, merchantId);
    return invites.openOfMerchant(merchantId, now(), STAFF_PER_MERCHANT_MAX);
  }

  @Override
  @Transactional
  public void cancelInvite(CurrentUser user, UUID merchantId, UUID inviteId) {
    staffManager(user, merchantId);
    if (!invites.cancel(inviteId, merchantId, null, now())) {
      throw new OkPayException(ErrorCode.INVITE_NOT_FOUND);
    }
  }

  @Override
  public List<Invite> myInvites(CurrentUser user) {
    if (!user.emailVerified()) {
      return List.of();
    }
    return invites.openForEmail(user.email().toLowerCase(Locale.ROOT), now(),
        STAFF_PER_MERCHANT_MAX);
  }

  @Override
  @Transactional
  public Merchant acceptInvite(CurrentUser user, UUID inviteId) {
    Instant now = now();
    Invite invite = invitedUser(user, inviteId, now);
    if (merchants.countOfUser(user.userId()) >= MERCHANTS_PER_USER_MAX) {
      throw new OkPayException(ErrorCode.MERCHANTS_FULL);
    }
    merchants.lockStaff(invite.merchantId());
    invites.accept(inviteId, user.userId(), now);
    if (!merchants.addStaff(invite.merchantId(), user.userId(), invite.role(), now)) {
      // Staff already: the invitation names the role the owner wants now.
      merchants.setRole(invite.merchantId(), user.userId(), invite.role());
    }
    audit.byUser("staff_joined", user.userId(), "merchant", invite.merchantId(),
        "invite", inviteId.toString(), "role", invite.role().name().toLowerCase(Locale.ROOT));
    return merchants.find(invite.merchantId()).orElseThrow();
  }

  @Override
  @Transactional
  public void declineInvite(CurrentUser user, UUID inviteId) {
    Instant now = now();
    invitedUser(user, inviteId, now);
    invites.cancel(inviteId, null, user.email().toLowerCase(Locale.ROOT), now);
  }

  /** The open invitation to the user's verified address; 404 for anyone else's. */
  private Invite invitedUser(CurrentUser user, UUID inviteId, Instant now) {
    if (!user.emailVerified()) {
      throw new OkPayException(ErrorCode.INVITE_NOT_FOUND);
    }
    return invites.lockOpenForEmail(inviteId, user.email().toLowerCase(Locale.ROOT), now)
        .orElseThrow(() -> new OkPayException(ErrorCode.INVITE_NOT_FOUND));
  }

  @Override
  @Transactional
  public StaffMember changeRole(CurrentUser user, UUID merchantId, UUID staffUserId,
      MerchantRole role) {
    staffManager(user, merchantId);
    if (role == null) {
      throw FieldErrors.invalid("role", FieldErrors.REQUIRED);
    }
    merchants.lockStaff(merchantId);
    MerchantRole current = merchants.role(merchantId, staffUserId)
        .orElseThrow(() -> new OkPayException(ErrorCode.STAFF_MEMBER_NOT_FOUND));
    if (current == MerchantRole.OWNER && role != MerchantRole.OWNER
        && merchants.owners(merchantId) <= 1) {
      throw new OkPayException(ErrorCode.MERCHANT_NEEDS_OWNER);
    }
    merchants.setRole(merchantId, staffUserId, role);
    audit.byUser("staff_role_changed", user.userId(), "merchant", merchantId,
        "staff", staffUserId.toString(), "from", current.name().toLowerCase(Locale.ROOT),
        "to", role.name().toLowerCase(Locale.ROOT));
    return staff(user, merchantId).stream().filter(s -> s.userId().equals(staffUserId))
        .findFirst().orElseThrow();
  }

  @Override
  @Transactional
  public void removeStaff(CurrentUser user, UUID merchantId, UUID staffUserId) {
    MerchantRole role = staffRole(user, merchantId);
    boolean leaving = staffUserId.equals(user.userId());
    if (!leaving && !role.managesStaff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    merchants.lockStaff(merchantId);
    MerchantRole current = merchants.role(merchantId, staffUserId)
        .orElseThrow(() -> new OkPayException(ErrorCode.STAFF_MEMBER_NOT_FOUND));
    if (current == MerchantRole.OWNER && merchants.owners(merchantId) <= 1) {
      throw new OkPayException(ErrorCode.MERCHANT_NEEDS_OWNER);
    }
    merchants.removeStaff(merchantId, staffUserId);
    audit.byUser("staff_removed", user.userId(), "merchant", merchantId,
        "staff", staffUserId.toString(), "role", current.name().toLowerCase(Locale.ROOT));
  }

  private MerchantRole staffManager(CurrentUser user, UUID merchantId) {
    MerchantRole role = staffRole(user, merchantId);
    if (!role.managesStaff()) {
      throw new OkPayException(ErrorCode.FORBIDDEN);
    }
    return role;
  }

  /** The user's role at the merchant; 404 merchant_not_found when they are not staff of it. */
  private MerchantRole staffRole(CurrentUser user, UUID merchantId) {
    return merchants.role(merchantId, user.userId())
        .orElseThrow(() -> new OkPayException(ErrorCode.MERCHANT_NOT_FOUND));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
