package org.okpay.payments.internal;

import static org.okpay.payments.internal.LedgerAccounts.BANK_RAIL;
import static org.okpay.payments.internal.LedgerAccounts.CARD_RAIL;
import static org.okpay.payments.internal.LedgerAccounts.CROSS_BORDER_RAIL;
import static org.okpay.payments.internal.LedgerAccounts.FEES;
import static org.okpay.payments.internal.LedgerAccounts.FX;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.okpay.ledger.TransferRequest;
import org.springframework.stereotype.Component;

/**
 * The ledger transfers of each operation, by phase. Every list is applied linked (all or none),
 * with ids derived from the transaction, so applying a phase twice moves money once.
 *
 * <pre>
 * top-up        complete: rail → wallet (amount), rail → fees (fee)
 * withdrawal    hold: wallet → bank rail (amount), wallet → fees (fee), both pending
 *               complete: post both holds;  fail: void both
 *               return: bank rail → wallet (amount), fees → wallet (fee)
 * p2p           complete: sender → recipient (amount), sender → fees (fee)
 * convert       complete: wallet(src) → fx(src) (amount), fx(dst) → wallet(dst) (target),
 *               wallet(src) → fees(src) (fee)
 * cross-border  hold: wallet(src) → fx(src) (amount), wallet(src) → fees (fee), both pending
 *               complete: post both holds, fx(dst) → cross-border rail(dst) (target)
 *               fail: void both;  return: rail(dst) → fx(dst), fx(src) → wallet, fees → wallet
 * </pre>
 */
@Component
class Legs {

  private final LedgerAccounts accounts;

  Legs(LedgerAccounts accounts) {
    this.accounts = accounts;
  }

  List<TransferRequest> hold(TxRow t) {
    long wallet = accounts.wallet(t.userId(), t.currency());
    long to = switch (t.operation()) {
      case WITHDRAWAL -> accounts.system(BANK_RAIL, t.currency());
      case CROSS_BORDER -> accounts.system(FX, t.currency());
      default -> throw new IllegalArgumentException("no hold for " + t.operation());
    };
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.pending(id(t, "hold"), wallet, to, t.amountMinor(), t.currency(),
        null, code(t), ref(t)));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.pending(id(t, "hold-fee"), wallet,
          accounts.system(FEES, t.currency()), t.feeMinor(), t.currency(), null, "fee", ref(t)));
    }
    return legs;
  }

  List<TransferRequest> release(TxRow t) {
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.voidPending(id(t, "release"), id(t, "hold"), code(t)));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.voidPending(id(t, "release-fee"), id(t, "hold-fee"), "fee"));
    }
    return legs;
  }

  List<TransferRequest> complete(TxRow t) {
    return switch (t.operation()) {
      case TOPUP_CARD -> topUp(t, CARD_RAIL);
      case TOPUP_BANK -> topUp(t, BANK_RAIL);
      case WITHDRAWAL -> postHolds(t);
      case CROSS_BORDER -> {
        List<TransferRequest> legs = postHolds(t);
        legs.add(TransferRequest.posted(id(t, "payout"), accounts.system(FX, t.targetCurrency()),
            accounts.system(CROSS_BORDER_RAIL, t.targetCurrency()), t.targetAmountMinor(),
            t.targetCurrency(), code(t), ref(t)));
        yield legs;
      }
      case P2P -> withFee(t, TransferRequest.posted(id(t, "send"),
          accounts.wallet(t.userId(), t.currency()),
          accounts.wallet(t.counterpartyUserId(), t.currency()), t.amountMinor(), t.currency(),
          code(t), ref(t)));
      case CONVERT -> withFee(t,
          TransferRequest.posted(id(t, "sell"), accounts.wallet(t.userId(), t.currency()),
              accounts.system(FX, t.currency()), t.amountMinor(), t.currency(), code(t), ref(t)),
          TransferRequest.posted(id(t, "buy"), accounts.system(FX, t.targetCurrency()),
              accounts.wallet(t.userId(), t.targetCurrency()), t.targetAmountMinor(),
              t.targetCurrency(), code(t), ref(t)));
    };
  }

  /** Money that came back after completion goes back to the wallet, fee included. */
  List<TransferRequest> giveBack(TxRow t) {
    long wallet = accounts.wallet(t.userId(), t.currency());
    List<TransferRequest> legs = new ArrayList<>();
    if (t.operation() == org.okpay.payments.Operation.CROSS_BORDER) {
      legs.add(TransferRequest.posted(id(t, "return-payout"),
          accounts.system(CROSS_BORDER_RAIL, t.targetCurrency()),
          accounts.system(FX, t.targetCurrency()), t.targetAmountMinor(), t.targetCurrency(),
          "return", ref(t)));
      legs.add(TransferRequest.posted(id(t, "return"), accounts.system(FX, t.currency()), wallet,
          t.amountMinor(), t.currency(), "return", ref(t)));
    } else {
      legs.add(TransferRequest.posted(id(t, "return"), accounts.system(BANK_RAIL, t.currency()),
          wallet, t.amountMinor(), t.currency(), "return", ref(t)));
    }
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.posted(id(t, "return-fee"), accounts.system(FEES, t.currency()),
          wallet, t.feeMinor(), t.currency(), "fee_refund", ref(t)));
    }
    return legs;
  }

  private List<TransferRequest> topUp(TxRow t, String railKind) {
    long rail = accounts.system(railKind, t.currency());
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.posted(id(t, "credit"), rail,
        accounts.wallet(t.userId(), t.currency()), t.amountMinor(), t.currency(), code(t),
        ref(t)));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.posted(id(t, "fee"), rail, accounts.system(FEES, t.currency()),
          t.feeMinor(), t.currency(), "fee", ref(t)));
    }
    return legs;
  }

  private List<TransferRequest> postHolds(TxRow t) {
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.postPending(id(t, "post"), id(t, "hold"), 0, code(t)));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.postPending(id(t, "post-fee"), id(t, "hold-fee"), 0, "fee"));
    }
    return legs;
  }

  private List<TransferRequest> withFee(TxRow t, TransferRequest... main) {
    List<TransferRequest> legs = new ArrayList<>(List.of(main));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.posted(id(t, "fee"), accounts.wallet(t.userId(), t.currency()),
          accounts.system(FEES, t.currency()), t.feeMinor(), t.currency(), "fee", ref(t)));
    }
    return legs;
  }

  /** The id of the transfer that moves the money itself (the first leg of its completion). */
  static UUID mainLegId(TxRow t) {
    return id(t, switch (t.operation()) {
      case TOPUP_CARD, TOPUP_BANK -> "credit";
      case WITHDRAWAL, CROSS_BORDER -> "post";
      case P2P -> "send";
      case CONVERT -> "sell";
    });
  }

  boolean holdsFirst(TxRow t) {
    return t.operation() == org.okpay.payments.Operation.WITHDRAWAL
        || t.operation() == org.okpay.payments.Operation.CROSS_BORDER;
  }

  static UUID id(TxRow t, String leg) {
    return LedgerIds.of(t.id(), leg);
  }

  private static String code(TxRow t) {
    return t.operation().key();
  }

  private static String ref(TxRow t) {
    return t.id().toString();
  }
}
