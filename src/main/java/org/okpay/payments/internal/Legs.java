package org.okpay.payments.internal;

import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.okpay.ledger.TransferRequest;
import org.okpay.payments.AccountKind;
import org.okpay.payments.PaymentLedger;
import org.okpay.payments.PaymentTransaction;
import org.springframework.stereotype.Component;

/**
 * The building blocks of every operation type's ledger legs ({@link PaymentLedger}, where the
 * table of the built-in operations' legs is kept). Each type's file declares its own legs.
 */
@Component
class Legs implements PaymentLedger {

  static final String FEE_CODE = "fee";

  private final LedgerAccounts accounts;

  Legs(LedgerAccounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public long wallet(UUID userId, Currency currency) {
    return accounts.wallet(userId, currency);
  }

  @Override
  public long merchant(UUID merchantId, Currency currency) {
    return accounts.merchant(merchantId, currency);
  }

  @Override
  public long system(AccountKind kind, Currency currency) {
    if (!kind.system()) {
      throw new IllegalArgumentException("not a system account kind: " + kind);
    }
    return accounts.system(kind.key(), currency);
  }

  @Override
  public UUID legId(PaymentTransaction t, String leg) {
    return id(t, leg);
  }

  @Override
  public TransferRequest posted(PaymentTransaction t, String leg, long fromAccount,
      long toAccount, long amountMinor, Currency currency, String code) {
    return TransferRequest.posted(id(t, leg), fromAccount, toAccount, amountMinor, currency,
        code, ref(t));
  }

  @Override
  public List<TransferRequest> hold(PaymentTransaction t, long toAccount) {
    long wallet = wallet(t.userId(), t.currency());
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.pending(id(t, "hold"), wallet, toAccount, t.amountMinor(),
        t.currency(), null, t.operation(), ref(t)));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.pending(id(t, "hold-fee"), wallet,
          system(AccountKind.FEES, t.currency()), t.feeMinor(), t.currency(), null, FEE_CODE,
          ref(t)));
    }
    return legs;
  }

  @Override
  public List<TransferRequest> postHolds(PaymentTransaction t) {
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.postPending(id(t, "post"), id(t, "hold"), 0, t.operation()));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.postPending(id(t, "post-fee"), id(t, "hold-fee"), 0, FEE_CODE));
    }
    return legs;
  }

  @Override
  public List<TransferRequest> releaseHolds(PaymentTransaction t) {
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(TransferRequest.voidPending(id(t, "release"), id(t, "hold"), t.operation()));
    if (t.feeMinor() > 0) {
      legs.add(TransferRequest.voidPending(id(t, "release-fee"), id(t, "hold-fee"), FEE_CODE));
    }
    return legs;
  }

  @Override
  public List<TransferRequest> withWalletFee(PaymentTransaction t, TransferRequest... main) {
    List<TransferRequest> legs = new ArrayList<>(List.of(main));
    if (t.feeMinor() > 0) {
      legs.add(posted(t, "fee", wallet(t.userId(), t.currency()),
          system(AccountKind.FEES, t.currency()), t.feeMinor(), t.currency(), FEE_CODE));
    }
    return legs;
  }

  /** A top-up: amount from the rail to the wallet, the fee from the rail to fees. */
  List<TransferRequest> topUp(PaymentTransaction t, AccountKind railKind) {
    long rail = system(railKind, t.currency());
    List<TransferRequest> legs = new ArrayList<>();
    legs.add(posted(t, "credit", rail, wallet(t.userId(), t.currency()), t.amountMinor(),
        t.currency(), t.operation()));
    if (t.feeMinor() > 0) {
      legs.add(posted(t, "fee", rail, system(AccountKind.FEES, t.currency()), t.feeMinor(),
          t.currency(), FEE_CODE));
    }
    return legs;
  }

  /** Money back after completion: {@code main}, then the fee from fees to the wallet. */
  List<TransferRequest> returnWithFee(PaymentTransaction t, TransferRequest... main) {
    List<TransferRequest> legs = new ArrayList<>(List.of(main));
    if (t.feeMinor() > 0) {
      legs.add(posted(t, "return-fee", system(AccountKind.FEES, t.currency()),
          wallet(t.userId(), t.currency()), t.feeMinor(), t.currency(), "fee_refund"));
    }
    return legs;
  }

  static UUID id(PaymentTransaction t, String leg) {
    return LedgerIds.of(t.id(), leg);
  }

  private static String ref(PaymentTransaction t) {
    return t.id().toString();
  }
}
