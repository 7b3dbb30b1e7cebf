package org.okpay.payments.internal.sources;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.TwoFactorApi;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.PaymentRail.BankAccountDetails;
import org.okpay.payments.PaymentRail.BankCheck;
import org.okpay.payments.PaymentRail.CardToken;
import org.okpay.payments.internal.sources.BankAccountStore.BankAccountRow;
import org.okpay.payments.internal.sources.CardStore.CardRow;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Cards and bank accounts. The card number and CVC go from the request straight to the rail's
 * vault; this class keeps what the rail returns. Each user's adds are serialized (an advisory
 * lock per user), so the limit and "the same card twice is one card" hold under concurrency.
 */
@Service
class FundingSourcesService implements FundingSourcesApi {

  private final CardStore cards;
  private final BankAccountStore bankAccounts;
  private final PaymentRail rail;
  private final TwoFactorApi twoFactor;
  private final Clock clock;
  private final TransactionTemplate tx;

  FundingSourcesService(CardStore cards, BankAccountStore bankAccounts, PaymentRail rail,
      TwoFactorApi twoFactor, Clock clock, TransactionTemplate tx) {
    this.cards = cards;
    this.bankAccounts = bankAccounts;
    this.rail = rail;
    this.twoFactor = twoFactor;
    this.clock = clock;
    this.tx = tx;
  }

  @Override
  public Card addCard(UUID userId, NewCard card) {
    SourceRules.validate(card);
    if (SourceRules.expired(card.expiryMonth(), card.expiryYear(), now())) {
      throw FieldErrors.of("expiry", FieldErrors.OUT_OF_RANGE).exception(ErrorCode.CARD_EXPIRED);
    }
    // The rail call stays outside our transaction: the vault is another system.
    CardToken token = rail.tokenizeCard(card.number(), card.expiryMonth(), card.expiryYear(),
        card.cvc());
    String holder = SourceRules.holderName(card.holderName());
    CardRow row = tx.execute(s -> {
      cards.lockUser(userId);
      Optional<CardRow> same = cards.activeByFingerprint(userId, token.fingerprint());
      if (same.isPresent()) {
        return same.get();
      }
      requireRoom(cards.countActive(userId));
      CardRow fresh = new CardRow(UUID.randomUUID(), userId, token.token(), token.brand(),
          token.last4(), token.expiryMonth(), token.expiryYear(), token.fingerprint(), holder,
          now(), null);
      cards.insert(fresh);
      return fresh;
    });
    return view(row);
  }

  @Override
  public List<Card> cards(UUID userId) {
    return cards.active(userId).stream().map(this::view).toList();
  }

  @Override
  public Optional<Card> card(UUID userId, UUID cardId) {
    return cards.active(userId, cardId).map(this::view);
  }

  @Override
  public Card updateCard(UUID userId, UUID cardId, CardUpdate update) {
    SourceRules.validate(update);
    if (SourceRules.expired(update.expiryMonth(), update.expiryYear(), now())) {
      throw FieldErrors.of("expiry", FieldErrors.OUT_OF_RANGE).exception(ErrorCode.CARD_EXPIRED);
    }
    CardRow card = cards.active(userId, cardId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CARD_NOT_FOUND));
    // The vault first, outside our transaction (it is another system): a card updated there
    // and not here is charged with the new date anyway, and the user may save it again.
    CardToken updated = rail.updateCard(new CardToken(card.token(), card.brand(), card.last4(),
        card.expiryMonth(), card.expiryYear(), card.fingerprint()), update.expiryMonth(),
        update.expiryYear(), update.cvc());
    if (!cards.updateExpiry(userId, cardId, updated.expiryMonth(), updated.expiryYear(), now())) {
      throw new OkPayException(ErrorCode.CARD_NOT_FOUND); // removed meanwhile
    }
    return card(userId, cardId).orElseThrow(() -> new OkPayException(ErrorCode.CARD_NOT_FOUND));
  }

  @Override
  public void removeCard(UUID userId, UUID cardId) {
    if (!cards.remove(userId, cardId, now())) {
      throw new OkPayException(ErrorCode.CARD_NOT_FOUND);
    }
  }

  @Override
  public BankAccount addBankAccount(CurrentUser user, String secondFactorCode,
      NewBankAccount account) {
    SourceRules.validate(account);
    twoFactor.requireFreshSecondFactor(user, secondFactorCode);
    return addBankAccount(user.userId(), account);
  }

  @Override
  public BankAccount addBankAccount(UUID userId, NewBankAccount account) {
    SourceRules.validate(account);
    BankAccountDetails details = new BankAccountDetails(
        SourceRules.holderName(account.holderName()),
        SourceRules.accountNumber(account.accountNumber()),
        SourceRules.bankCode(account.bankCode()), SourceRules.country(account.country()),
        account.currency());
    BankCheck check = rail.checkBankAccount(details);
    BankAccountRow row = tx.execute(s -> {
      cards.lockUser(userId);
      Optional<BankAccountRow> same = bankAccounts.activeByNumber(userId,
          details.accountNumber(), details.bankCode());
      if (same.isPresent()) {
        return same.get();
      }
      requireRoom(bankAccounts.countActive(userId));
      BankAccountRow fresh = newRow(userId, details, check, now());
      bankAccounts.insert(fresh);
      return fresh;
    });
    return view(row);
  }

  @Override
  public List<BankAccount> bankAccounts(UUID userId) {
    return bankAccounts.active(userId).stream().map(FundingSourcesService::view).toList();
  }

  @Override
  public Optional<BankAccount> bankAccount(UUID userId, UUID bankAccountId) {
    return bankAccounts.active(userId, bankAccountId).map(FundingSourcesService::view);
  }

  @Override
  public Optional<PaymentRail.BankAccountDetails> verifiedPayoutDetails(UUID userId,
      UUID bankAccountId) {
    return bankAccounts.active(userId, bankAccountId)
        .filter(b -> b.state() == BankAccountState.VERIFIED)
        .map(b -> new PaymentRail.BankAccountDetails(b.holderName(), b.accountNumber(),
            b.bankCode(), b.country(), b.currency()));
  }

  @Override
  public BankAccount confirmMicroDeposits(UUID userId, UUID bankAccountId, long firstMinor,
      long secondMinor) {
    if (firstMinor <= 0 || secondMinor <= 0) {
      throw FieldErrors.invalid(firstMinor <= 0 ? "firstMinor" : "secondMinor",
          FieldErrors.OUT_OF_RANGE);
    }
    MicroDeposits.Result result = tx.execute(s -> MicroDeposits.confirm(bankAccounts,
        bankAccounts.lockActive(userId, bankAccountId)
            .orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND)),
        firstMinor, secondMinor, now()));
    // Thrown after the commit, so a wrong try stays counted.
    return switch (result) {
      case MicroDeposits.Result.Confirmed c -> bankAccount(userId, bankAccountId).orElseThrow();
      case MicroDeposits.Result.Wrong w -> throw new OkPayException(
          ErrorCode.MICRO_DEPOSITS_WRONG, Map.of("attemptsLeft", w.attemptsLeft()));
      case MicroDeposits.Result.Rejected r -> throw new OkPayException(
          ErrorCode.BANK_ACCOUNT_REJECTED);
    };
  }

  @Override
  public void removeBankAccount(UUID userId, UUID bankAccountId) {
    if (!bankAccounts.remove(userId, bankAccountId, now())) {
      throw new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND);
    }
  }

  /** Microseconds, as PostgreSQL keeps them: an answer equals what is read back later. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void requireRoom(int active) {
    if (active >= SOURCES_MAX) {
      throw new OkPayException(ErrorCode.FUNDING_SOURCES_FULL, Map.of("max", SOURCES_MAX));
    }
  }

  private static BankAccountRow newRow(UUID userId, BankAccountDetails d, BankCheck check,
      Instant now) {
    BankAccountState state = switch (check.result()) {
      case VERIFIED -> BankAccountState.VERIFIED;
      case MICRO_DEPOSITS -> BankAccountState.PENDING_VERIFICATION;
      case REJECTED -> BankAccountState.REJECTED;
    };
    boolean micro = state == BankAccountState.PENDING_VERIFICATION;
    if (micro && check.microDepositsMinor().size() != 2) {
      throw new IllegalStateException("the rail must send exactly two micro-deposits");
    }
    return new BankAccountRow(UUID.randomUUID(), userId, d.holderName(), d.accountNumber(),
        d.bankCode(), d.country(), d.currency(), state,
        check.declineCode() == null ? null : check.declineCode().code(),
        micro ? check.microDepositsMinor().get(0) : null,
        micro ? check.microDepositsMinor().get(1) : null, 0, now);
  }

  private Card view(CardRow row) {
    Instant now = now();
    CardState state = row.declinedExpiredAt() != null
        || SourceRules.expired(row.expiryMonth(), row.expiryYear(), now)
        ? CardState.EXPIRED : CardState.ACTIVE;
    return new Card(row.id(), row.brand(), row.last4(), row.expiryMonth(), row.expiryYear(),
        row.holderName(), state, row.addedAt());
  }

  private static BankAccount view(BankAccountRow row) {
    return new BankAccount(row.id(), row.holderName(), SourceRules.masked(row.accountNumber()),
        row.bankCode(), row.country(), row.currency(), row.state(), row.addedAt());
  }
}
