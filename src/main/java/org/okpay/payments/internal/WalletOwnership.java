package org.okpay.payments.internal;

import java.time.Duration;
import java.util.Currency;
import java.util.Set;
import java.util.UUID;
import org.okpay.identity.AccountCompromiseReported;
import org.okpay.identity.AccountFrozenBySupport;
import org.okpay.identity.AccountUnfrozen;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.UserVerified;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Payments alone opens and freezes wallets, on what identity publishes: a confirmed address
 * opens the wallet in the user's main currency; "my account was hacked" freezes the wallets and
 * support's unfreeze lifts it. The events come from Spring Modulith's publication registry
 * (stored with identity's commit, marked done when a handler here returns), so a crash between
 * the two modules loses nothing: what failed is handed over again (see docs/events.md).
 *
 * <p>Every handler is idempotent: opening an open wallet or freezing a frozen one changes
 * nothing. The freeze handlers set the wallets to what {@link IdentityApi#frozen} says now,
 * not to what the event said, so a freeze and an unfreeze handled out of order still end right.
 * Sending is refused from identity's commit on (payments check {@code frozen} first); the
 * ledger freeze follows moments later as a second wall.
 */
@Component
class WalletOwnership {

  /** A failed publication is handed over again once it is this old (one per run at most). */
  static final Duration RESUBMIT_AFTER = Duration.ofMinutes(1);
  static final int RESUBMIT_BATCH_MAX = 100;
  /** Passes of "make the wallets match the flag" before giving up to the next resubmission. */
  static final int MATCH_PASSES_MAX = 3;
  private static final Set<Class<?>> EVENTS = Set.of(UserVerified.class,
      AccountCompromiseReported.class, AccountFrozenBySupport.class, AccountUnfrozen.class);

  private final LedgerAccounts accounts;
  private final IdentityApi identity;
  private final IncompleteEventPublications incomplete;

  WalletOwnership(LedgerAccounts accounts, IdentityApi identity,
      IncompleteEventPublications incomplete) {
    this.accounts = accounts;
    this.identity = identity;
    this.incomplete = incomplete;
  }

  @ApplicationModuleListener
  void on(UserVerified event) {
    accounts.wallet(event.userId(), Currency.getInstance(event.defaultCurrency()));
    // A report made before the wallet existed froze nothing: the new wallet follows the flag.
    matchFreeze(event.userId());
  }

  @ApplicationModuleListener
  void on(AccountCompromiseReported event) {
    matchFreeze(event.userId());
  }

  /** A freeze by support (the agent console) freezes the wallets like a "hacked" report. */
  @ApplicationModuleListener
  void on(AccountFrozenBySupport event) {
    matchFreeze(event.userId());
  }

  @ApplicationModuleListener
  void on(AccountUnfrozen event) {
    matchFreeze(event.userId());
  }

  /**
   * Sets the wallets frozen or active as identity's flag says, reading the flag again after each
   * pass: a handler that read it just before it changed is corrected by its own next pass.
   */
  private void matchFreeze(UUID userId) {
    boolean applied = identity.frozen(userId);
    for (int pass = 1; pass <= MATCH_PASSES_MAX; pass++) {
      accounts.setWalletsFrozen(userId, applied);
      boolean now = identity.frozen(userId);
      if (now == applied) {
        return;
      }
      applied = now;
    }
    throw new IllegalStateException("freeze flag of " + userId + " kept changing; retried later");
  }

  /** Hands failed wallet events to their handlers again (also at start-up, see docs/events.md). */
  @Scheduled(initialDelayString = "${okpay.payments.wallet-events-resubmit-interval:PT1M}",
      fixedDelayString = "${okpay.payments.wallet-events-resubmit-interval:PT1M}")
  @SchedulerLock(name = "payments.wallet-events-resubmit", lockAtMostFor = "PT10M")
  void resubmitFailed() {
    incomplete.resubmitIncompletePublications(ResubmissionOptions.defaults()
        .withMinAge(RESUBMIT_AFTER).withBatchSize(RESUBMIT_BATCH_MAX)
        .withFilter(WalletOwnership::walletEvent));
  }

  static boolean walletEvent(EventPublication publication) {
    return EVENTS.contains(publication.getEvent().getClass())
        && publication.getStatus() != EventPublication.Status.PROCESSING;
  }
}
