package org.okpay.identity.internal;

import static org.okpay.notify.EmailRequest.TIME_ZONE;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.PhoneApi;
import org.okpay.identity.PhoneCodeSender;
import org.okpay.identity.PhoneCodeSender.PhoneCode;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.InAppTemplate;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.IpRateLimiter;
import org.okpay.shared.OkPayException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A user's own phone number: set, confirmed with a six-digit code, removed. Every step runs with
 * the user's row locked, so tries are counted one at a time and a code cannot be used twice.
 */
@Service
class PhoneService implements PhoneApi {

  static final int CODE_DIGITS = 6;
  private static final int CODE_BOUND = 1_000_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UserStore users;
  private final PhoneCodeStore codes;
  private final PasswordHasher hasher;
  private final PhoneCodeSender sender;
  private final NotifyApi notify;
  private final IpRateLimiter limiter;
  private final TransactionTemplate tx;
  private final Clock clock;

  PhoneService(UserStore users, PhoneCodeStore codes, PasswordHasher hasher,
      PhoneCodeSender sender, NotifyApi notify, IpRateLimiter limiter, TransactionTemplate tx,
      Clock clock) {
    this.users = users;
    this.codes = codes;
    this.hasher = hasher;
    this.sender = sender;
    this.notify = notify;
    this.limiter = limiter;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public PhoneStatus status(CurrentUser user) {
    return users.byId(user.userId()).map(u -> statusOf(u, now())).orElse(PhoneStatus.NONE);
  }

  private PhoneStatus statusOf(UserRow user, Instant now) {
    if (user.phone() == null) {
      return PhoneStatus.NONE;
    }
    Instant codeExpiresAt = user.phoneConfirmedAt() != null ? null : codes.live(user.id(), now)
        .filter(c -> c.phone().equals(user.phone())).map(PhoneCodeStore.Live::expiresAt)
        .orElse(null);
    return new PhoneStatus(user.phone(), PhoneNumbers.display(user.phone()),
        user.phoneConfirmedAt() != null, codeExpiresAt);
  }

  @Override
  public SetPhone setPhone(CurrentUser user, String typed) {
    UserRow row = users.byId(user.userId()).orElseThrow();
    IdentityService.requireNotUnderRecovery(row);
    String phone = switch (PhoneNumbers.own(typed, row.country())) {
      case PhoneNumbers.Parsed.Valid valid -> valid.e164();
      case PhoneNumbers.Parsed.Invalid invalid -> throw invalid(invalid.refusal());
    };
    if (row.emailVerifiedAt() == null) {
      throw new OkPayException(ErrorCode.EMAIL_NOT_VERIFIED);
    }
    if (phone.equals(row.confirmedPhone())) {
      return SetPhone.ALREADY_CONFIRMED;
    }
    // Counted before anything is looked up, so a taken number costs the same as a free one.
    limiter.acquire("phone-code", row.id().toString(), CODES_PER_HOUR_MAX, Duration.ofHours(1));
    String code = newCode();
    String codeHash = hasher.hash(code); // Argon2id: slow, outside the transaction
    tx.executeWithoutResult(s -> {
      UserRow locked = users.lockById(row.id()).orElseThrow();
      Instant now = now();
      Instant expiresAt = now.plus(CODE_VALIDITY);
      users.setPhone(locked.id(), phone);
      codes.issue(locked.id(), phone, codeHash, now, expiresAt, CODE_TRIES_MAX);
      // Another user's confirmed number: stored and answered alike, but the code goes nowhere,
      // so neither the answer nor GET /me tells whose number it is. Confirming cannot succeed.
      if (!users.phoneConfirmedByOther(phone, locked.id())) {
        sender.send(new PhoneCode(locked.id(), phone, code, expiresAt, locked.language(),
            locked.email(), locked.displayName()));
      }
    });
    return SetPhone.CODE_SENT;
  }

  @Override
  public PhoneStatus confirmPhone(CurrentUser user, String code) {
    String typed = code == null ? "" : code.replaceAll("[\\s-]", "");
    Check check;
    try {
      check = tx.execute(s -> confirm(user.userId(), typed));
    } catch (DuplicateKeyException raced) {
      check = new Check.Taken(); // another user confirmed it in the same instant
    }
    return switch (check) {
      case Check.Confirmed c -> c.status();
      case Check.Wrong w -> throw new OkPayException(ErrorCode.PHONE_CODE_WRONG,
          Map.of("field", "code", "triesLeft", w.triesLeft()));
      case Check.Dead d -> throw new OkPayException(ErrorCode.PHONE_CODE_EXPIRED,
          Map.of("field", "code"));
      case Check.Taken t -> throw new OkPayException(ErrorCode.PHONE_TAKEN,
          Map.of("field", "phone"));
    };
  }

  /** One try, decided and recorded in one transaction with the user's row locked. */
  private Check confirm(UUID userId, String typed) {
    UserRow user = users.lockById(userId).orElseThrow();
    IdentityService.requireNotUnderRecovery(user); // nothing written yet: thrown as is
    Instant now = now();
    Optional<PhoneCodeStore.Live> live = codes.live(userId, now)
        .filter(c -> c.phone().equals(user.phone()));
    if (live.isEmpty()) {
      return new Check.Dead();
    }
    // Only six digits can match; anything else is a wrong try like any other.
    boolean right = typed.length() == CODE_DIGITS && typed.chars().allMatch(Character::isDigit)
        && hasher.matches(typed, live.get().codeHash());
    if (!right) {
      return new Check.Wrong(codes.wrongTry(userId));
    }
    codes.delete(userId);
    if (!users.confirmPhone(userId, user.phone(), now)) {
      return new Check.Taken();
    }
    notify.inApp(new InAppRequest(userId.toString(), Locale.forLanguageTag(user.language()),
        InAppTemplate.PHONE_CONFIRMED, Map.of(TIME_ZONE, user.zoneId(),
            "time", now,
            "phone", PhoneNumbers.display(user.phone())), "/account", null));
    return new Check.Confirmed(new PhoneStatus(user.phone(), PhoneNumbers.display(user.phone()),
        true, null));
  }

  @Override
  public void removePhone(CurrentUser user) {
    tx.executeWithoutResult(s -> {
      UserRow locked = users.lockById(user.userId()).orElseThrow();
      IdentityService.requireNotUnderRecovery(locked);
      users.setPhone(locked.id(), null);
      codes.delete(locked.id());
    });
  }

  private static OkPayException invalid(PhoneNumbers.Refusal refusal) {
    String reason = refusal.name().toLowerCase(Locale.ROOT);
    return new OkPayException(ErrorCode.PHONE_INVALID, Map.of("field", "phone",
        "reason", reason, "errors", List.of(FieldErrors.error("phone", reason,
            new DefaultMessageSourceResolvable("phone.invalid." + reason)))));
  }

  private static String newCode() {
    return String.format(Locale.ROOT, "%06d", RANDOM.nextInt(CODE_BOUND));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** The outcome of one confirmation try, decided inside the transaction, thrown outside it. */
  private sealed interface Check {
    record Confirmed(PhoneStatus status) implements Check { }

    record Wrong(int triesLeft) implements Check { }

    record Dead() implements Check { }

    record Taken() implements Check { }
  }
}
