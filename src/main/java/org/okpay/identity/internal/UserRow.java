package org.okpay.identity.internal;

import java.time.Instant;
import java.util.UUID;
import org.okpay.identity.Role;

/** A row of identity.users. */
record UserRow(
    UUID id,
    String email,
    Instant emailVerifiedAt,
    String displayName,
    String language,
    String country,
    String defaultCurrency,
    Role role,
    String passwordHash,
    int failedLogins,
    int temporaryLocks,
    Instant lockedUntil,
    boolean lockedHard,
    String phone,
    Instant phoneConfirmedAt,
    Instant frozenAt,
    Instant compromiseReportedAt,
    Instant compromiseRecoveredAt,
    String timeZone) {

  /** The zone the user reads times in: the one they chose, else their country's. */
  java.time.ZoneId zone() {
    return CountryZones.of(timeZone, country);
  }

  /** {@link #zone()} as written in e-mail variables and the API, e.g. {@code Asia/Shanghai}. */
  String zoneId() {
    return org.okpay.shared.ReaderZone.id(zone());
  }

  /** The confirmed phone number, the one others can pay to; null when none. */
  String confirmedPhone() {
    return phoneConfirmedAt == null ? null : phone;
  }

  /**
   * "My account was hacked" was reported and the owner has not yet set a new password from the
   * e-mailed link: the old password must not sign in, and nothing that takes over an account
   * (e-mail, password, phone, two-factor) may change.
   */
  boolean underRecovery() {
    return compromiseReportedAt != null && compromiseRecoveredAt == null;
  }
}
