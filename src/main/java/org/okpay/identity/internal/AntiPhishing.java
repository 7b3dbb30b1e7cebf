package org.okpay.identity.internal;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.AccountHelpApi;
import org.okpay.notify.AntiPhishingPhrases;
import org.okpay.shared.FieldErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * identity.anti_phishing_phrases: the phrase a user chose, shown at the top of every e-mail
 * OKPay sends them (notify asks through {@link AntiPhishingPhrases} when it renders one). It is
 * plain text: no markup, no line breaks, 3..32 characters; the e-mail escapes it all the same.
 */
@Component
class AntiPhishing implements AntiPhishingPhrases {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final IdentityAudit audit;
  private final TransactionTemplate tx;

  AntiPhishing(JdbcClient jdbc, Clock clock, IdentityAudit audit, TransactionTemplate tx) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.audit = audit;
    this.tx = tx;
  }

  @Override
  public Optional<String> phraseFor(String emailAddress) {
    if (emailAddress == null || emailAddress.length() > RegistrationRules.EMAIL_LENGTH_MAX) {
      return Optional.empty();
    }
    return jdbc.sql("""
        select p.phrase from identity.anti_phishing_phrases p
          join identity.users u on u.id = p.user_id
         where lower(u.email) = lower(:e)
        """).param("e", emailAddress.strip()).query(String.class).optional();
  }

  /** One query for a batch of e-mails being rendered (see {@link AntiPhishingPhrases}). */
  @Override
  public Map<String, String> phrasesFor(Collection<String> emailAddresses) {
    String[] lowered = emailAddresses.stream()
        .filter(e -> e != null && e.length() <= RegistrationRules.EMAIL_LENGTH_MAX)
        .map(e -> e.strip().toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    if (lowered.length == 0) {
      return Map.of();
    }
    // Keyed by the address as given (lowered here), matched as phraseFor matches.
    Map<String, String> phrases = new HashMap<>();
    jdbc.sql("""
        select x.address, p.phrase
          from unnest(cast(:lowered as text[])) x(address)
          join identity.users u on lower(u.email) = lower(x.address)
          join identity.anti_phishing_phrases p on p.user_id = u.id
        """).param("lowered", lowered)
        .query(rs -> {
          phrases.put(rs.getString("address"), rs.getString("phrase"));
        });
    return phrases;
  }

  Optional<String> of(UUID userId) {
    return jdbc.sql("select phrase from identity.anti_phishing_phrases where user_id = :u")
        .param("u", userId).query(String.class).optional();
  }

  String set(UUID userId, String phrase) {
    String clean = valid(phrase);
    tx.executeWithoutResult(s -> {
      jdbc.sql("""
        insert into identity.anti_phishing_phrases (user_id, phrase, updated_at)
        values (:u, :p, :now)
        on conflict (user_id) do update set phrase = excluded.phrase, updated_at = excluded.updated_at
        """).param("u", userId).param("p", clean)
        .param("now", UserStore.utc(clock.instant().truncatedTo(ChronoUnit.MICROS))).update();
      // The phrase itself stays out of the log: it is a secret between OKPay and its owner.
      audit.byUser("anti_phishing_set", userId);
    });
    return clean;
  }

  boolean clear(UUID userId) {
    return Boolean.TRUE.equals(tx.execute(s -> {
      boolean removed = jdbc.sql("delete from identity.anti_phishing_phrases where user_id = :u")
          .param("u", userId).update() == 1;
      if (removed) {
        audit.byUser("anti_phishing_removed", userId);
      }
      return removed;
    }));
  }

  /** The phrase trimmed, or {@code validation_failed} on {@code phrase}. */
  static String valid(String phrase) {
    String clean = phrase == null ? "" : phrase.strip();
    if (clean.isEmpty()) {
      throw FieldErrors.invalid("phrase", FieldErrors.REQUIRED);
    }
    int length = clean.codePointCount(0, clean.length());
    if (length < AccountHelpApi.PHRASE_LENGTH_MIN) {
      throw FieldErrors.invalid("phrase", FieldErrors.TOO_SHORT);
    }
    if (length > AccountHelpApi.PHRASE_LENGTH_MAX) {
      throw FieldErrors.invalid("phrase", FieldErrors.TOO_LONG);
    }
    // No markup (it is shown in HTML e-mails) and nothing invisible or line-breaking.
    boolean bad = clean.codePoints().anyMatch(c -> c == '<' || c == '>'
        || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    if (bad) {
      throw FieldErrors.invalid("phrase", FieldErrors.FORMAT);
    }
    return clean;
  }
}
