package org.okpay.support.internal.disputes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Currency;
import java.util.UUID;
import org.okpay.ledger.Account;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.okpay.payments.PaymentLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The money of a dispute: one pending ledger transfer from the merchant's balance (or the p2p
 * recipient's wallet) <em>to the customer's wallet</em>. Its accounts are chosen so that the two
 * decisions are the ledger's two ways of settling a hold: for the customer it is posted (the money
 * arrives in their wallet), for the merchant it is voided (the money stays where it was).
 *
 * <p>Every transfer id is derived from the dispute (the hold also from its attempt), so a retry
 * after a crash moves money once. The dispute row says what is due ({@code placing},
 * {@code posting}, {@code voiding}); the state is committed before the ledger is called, and
 * the ledger's answer is recorded after it; the deadline job finishes what a crash left between.
 */
@Component
class DisputeHolds {

  static final String CODE_HOLD = "dispute_hold";
  static final String CODE_POST = "dispute_post";
  static final String CODE_VOID = "dispute_void";

  private static final Logger log = LoggerFactory.getLogger(DisputeHolds.class);

  private final LedgerApi ledger;
  private final PaymentLedger accounts;
  private final DisputeStore store;
  private final Clock clock;

  DisputeHolds(LedgerApi ledger, PaymentLedger accounts, DisputeStore store, Clock clock) {
    this.ledger = ledger;
    this.accounts = accounts;
    this.store = store;
    this.clock = clock;
  }

  static UUID holdId(UUID disputeId, int attempt) {
    return derived(disputeId, "hold:" + attempt);
  }

  static UUID derived(UUID disputeId, String leg) {
    return UUID.nameUUIDFromBytes(("dispute:" + disputeId + ":" + leg)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The account the money is held from: the merchant's balance or the recipient's wallet. */
  long source(DisputeStore.Row d) {
    Currency currency = Currency.getInstance(d.currency());
    return "merchant".equals(d.kind()) ? accounts.merchant(d.merchantId(), currency)
        : accounts.wallet(d.counterpartyUserId(), currency);
  }

  /** What may be held now: the amount, or less when the source's available balance is lower. */
  long holdable(DisputeStore.Row d) {
    Account a = ledger.account(source(d)).orElseThrow();
    return Math.max(0, Math.min(d.amountMinor(), a.availableMinor()));
  }

  /** Does whatever ledger work the row says is due; safe to call again at any time. */
  void work(UUID disputeId) {
    DisputeStore.Row d = store.byId(disputeId).orElseThrow();
    switch (d.holdState()) {
      case "placing" -> place(d);
      case "posting", "voiding" -> settle(d);
      default -> {
        // none, held, posted, voided, failed: nothing to do
      }
    }
  }

  private void place(DisputeStore.Row d) {
    TransferResult r = ledger.transfer(holdRequest(d));
    if (r.succeeded()) {
      store.holdMoved(d.id(), "placing", "held", clock.instant());
    } else {
      log.warn("dispute {}: the hold of {} {} was refused: {}", d.id(), d.holdMinor(),
          d.currency(), r.code());
      store.holdFailed(d.id(), clock.instant());
    }
    // Decided while the hold was being placed: settle it now.
    DisputeStore.Row now = store.byId(d.id()).orElseThrow();
    if ("posting".equals(now.holdState()) || "voiding".equals(now.holdState())) {
      settle(now);
    }
  }

  private TransferRequest holdRequest(DisputeStore.Row d) {
    return TransferRequest.pending(d.holdId(), source(d),
        accounts.wallet(d.customerId(), Currency.getInstance(d.currency())), d.holdMinor(),
        Currency.getInstance(d.currency()), null, CODE_HOLD, d.id().toString());
  }

  private void settle(DisputeStore.Row d) {
    boolean post = "posting".equals(d.holdState());
    TransferRequest request = post
        ? TransferRequest.postPending(derived(d.id(), "post"), d.holdId(), 0, CODE_POST)
        : TransferRequest.voidPending(derived(d.id(), "void"), d.holdId(), CODE_VOID);
    TransferResult r = ledger.transfer(request);
    if (r.code() == TransferResultCode.PENDING_NOT_FOUND) {
      if (!post) {
        // Decided for the merchant before the hold reached the ledger: nothing was held.
        store.holdMoved(d.id(), "voiding", "voided", clock.instant());
        return;
      }
      // Decided for the customer before the hold reached the ledger: place it, then post it.
      TransferResult held = ledger.transfer(holdRequest(d));
      if (!held.succeeded()) {
        log.error("dispute {}: decided for the customer but the hold of {} {} was refused: {}",
            d.id(), d.holdMinor(), d.currency(), held.code());
        store.holdMoved(d.id(), "posting", "failed", clock.instant());
        return;
      }
      r = ledger.transfer(request);
    }
    if (r.succeeded() || r.code() == TransferResultCode.PENDING_ALREADY_POSTED && post
        || r.code() == TransferResultCode.PENDING_ALREADY_VOIDED && !post) {
      store.holdMoved(d.id(), d.holdState(), post ? "posted" : "voided", clock.instant());
    } else {
      // Left as it is: the deadline job tries again.
      log.error("dispute {}: settling the hold ({}) failed: {}", d.id(), d.holdState(), r.code());
    }
  }
}
