package org.okpay.payments.internal.sources;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.BankAccount;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's bank accounts. Adding one needs a fresh two-factor code
 * ({@code secondFactorCode}) when the user has two-factor on.
 */
@RestController
@Tag(name = "Funding sources")
class BankAccountsController {

  private final FundingSourcesApi sources;

  BankAccountsController(FundingSourcesApi sources) {
    this.sources = sources;
  }

  record NewBankAccountBody(@NotNull @Size(max = 200) String holderName,
      @NotNull @Size(max = 100) String accountNumber, @Size(max = 60) String bankCode,
      @NotNull @Size(max = 10) String country, @NotNull @Size(max = 10) String currency,
      @Size(max = 100) String secondFactorCode) {
    @Override
    public String toString() {
      return "NewBankAccountBody[country=" + country + ", currency=" + currency + "]";
    }
  }

  record MicroDepositsBody(@NotNull Long firstMinor, @NotNull Long secondMinor) {
  }

  /** @param state verified, pending_verification or rejected */
  record BankAccountView(UUID id, String holderName, String accountMasked, String bankCode,
      String country, String currency, String state, Instant addedAt) {
    static BankAccountView of(BankAccount b) {
      return new BankAccountView(b.id(), b.holderName(), b.accountMasked(), b.bankCode(),
          b.country(), b.currency().getCurrencyCode(), b.state().name().toLowerCase(Locale.ROOT),
          b.addedAt());
    }
  }

  record BankAccountsView(List<BankAccountView> bankAccounts) {
  }

  @GetMapping("/api/v1/me/bank-accounts")
  @Operation(summary = "Your bank accounts")
  BankAccountsView list(@AuthenticationPrincipal CurrentUser user) {
    return new BankAccountsView(sources.bankAccounts(user.userId()).stream()
        .map(BankAccountView::of).toList());
  }

  @PostMapping("/api/v1/me/bank-accounts")
  @Operation(summary = "Add a bank account and start its verification; needs a fresh "
      + "two-factor code when two-factor is on")
  ResponseEntity<BankAccountView> add(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody NewBankAccountBody body) {
    BankAccount account = sources.addBankAccount(user, body.secondFactorCode(),
        new FundingSourcesApi.NewBankAccount(body.holderName(), body.accountNumber(),
            body.bankCode(), body.country(), currency(body.currency())));
    return ResponseEntity.status(HttpStatus.CREATED).body(BankAccountView.of(account));
  }

  @GetMapping("/api/v1/me/bank-accounts/{id}")
  @Operation(summary = "One of your bank accounts")
  BankAccountView one(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    return sources.bankAccount(user.userId(), id).map(BankAccountView::of)
        .orElseThrow(() -> new OkPayException(ErrorCode.BANK_ACCOUNT_NOT_FOUND));
  }

  @DeleteMapping("/api/v1/me/bank-accounts/{id}")
  @Operation(summary = "Remove a bank account")
  ResponseEntity<Void> remove(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    sources.removeBankAccount(user.userId(), id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/bank-accounts/{id}/micro-deposits")
  @Operation(summary = "Confirm the two micro-deposit amounts (minor units, either order); "
      + "three wrong tries reject the account")
  BankAccountView confirm(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
      @Valid @RequestBody MicroDepositsBody body) {
    return BankAccountView.of(sources.confirmMicroDeposits(user.userId(), id, body.firstMinor(),
        body.secondMinor()));
  }

  /** An unknown code is null, which the rules report as the field {@code currency}. */
  static Currency currency(String code) {
    if (code == null || !code.matches("[A-Za-z]{3}")) {
      return null;
    }
    try {
      return Currency.getInstance(code.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }
}
