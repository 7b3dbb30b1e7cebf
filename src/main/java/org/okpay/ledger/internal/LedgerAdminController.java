package org.okpay.ledger.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.okpay.ledger.Account;
import org.okpay.ledger.BalanceAt;
import org.okpay.ledger.InvariantReport;
import org.okpay.ledger.LedgerApi;
import org.okpay.ledger.OpenAccount;
import org.okpay.ledger.OwnerType;
import org.okpay.ledger.StatementPage;
import org.okpay.ledger.Transfer;
import org.okpay.ledger.TransferKind;
import org.okpay.ledger.TransferRequest;
import org.okpay.ledger.TransferResult;
import org.okpay.ledger.TransferResultCode;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's view of the ledger: open and inspect accounts, post transfers, read statements
 * and check the invariants. Guarded by the admin token (see AdminApiGuard).
 */
@RestController

@RequestMapping("/api/v1/admin/ledger")
@Tag(name = "Ledger (admin)")
class LedgerAdminController {

  private final LedgerApi ledger;

  LedgerAdminController(LedgerApi ledger) {
    this.ledger = ledger;
  }

  record OpenAccountBody(
      @NotBlank @Pattern(regexp = "customer|merchant|system") String ownerType,
      @NotBlank @Size(max = OpenAccount.OWNER_ID_LENGTH_MAX) String ownerId,
      @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
      @NotBlank @Size(max = OpenAccount.KIND_LENGTH_MAX) @Pattern(regexp = "[a-z0-9_]+") String kind) {
  }

  record AccountView(long id, String ownerType, String ownerId, String currency, String kind,
      String status, boolean mayGoNegative, long balanceMinor, long availableMinor,
      long debitsPostedMinor, long creditsPostedMinor, long debitsPendingMinor,
      long creditsPendingMinor, Instant createdAt) {

    static AccountView of(Account a) {
      return new AccountView(a.id(), a.ownerType().dbValue(), a.ownerId(),
          a.currency().getCurrencyCode(), a.kind(), a.status().dbValue(), a.mayGoNegative(),
          a.balanceMinor(), a.availableMinor(), a.debitsPostedMinor(), a.creditsPostedMinor(),
          a.debitsPendingMinor(), a.creditsPendingMinor(), a.createdAt());
    }
  }

  record TransferBody(
      UUID id,
      @NotBlank @Pattern(regexp = "posted|pending|post_pending|void_pending") String kind,
      @Min(0) long debitAccountId,
      @Min(0) long creditAccountId,
      @Min(0) long amountMinor,
      @Pattern(regexp = "[A-Z]{3}") String currency,
      UUID pendingId,
      @Positive @Max(31_622_400) Long timeoutSeconds,
      @NotBlank @Size(max = TransferRequest.CODE_LENGTH_MAX) String code,
      @Size(max = TransferRequest.REFERENCE_LENGTH_MAX) String reference,
      @Size(max = TransferRequest.METADATA_ENTRIES_MAX) Map<String, String> metadata) {
  }

  record TransfersBody(@NotEmpty @Size(max = LedgerApi.TRANSFERS_PER_CALL_MAX)
      List<@NotNull @Valid TransferBody> transfers) {
  }

  record TransfersView(List<Transfer> transfers, boolean replayed) {
  }

  @PostMapping("/accounts")
  @Operation(summary = "Open an account (idempotent on owner, currency and kind)")
  ResponseEntity<AccountView> openAccount(@Valid @RequestBody OpenAccountBody body) {
    Account account = ledger.openAccount(new OpenAccount(
        OwnerType.fromDb(body.ownerType()), body.ownerId(), currency(body.currency()), body.kind()));
    return ResponseEntity.status(HttpStatus.CREATED).body(AccountView.of(account));
  }

  @GetMapping("/accounts/{id}")
  AccountView account(@PathVariable long id) {
    return AccountView.of(ledger.account(id).orElseThrow(LedgerAdminController::accountNotFound));
  }

  @GetMapping("/accounts/{id}/statement")
  @Operation(summary = "Account statement, newest first, with the running balance")
  StatementPage statement(@PathVariable long id,
      @RequestParam(required = false) @Size(max = 20) String cursor,
      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
    return ledger.statement(id, cursor, limit);
  }

  @GetMapping("/accounts/{id}/balance")
  @Operation(summary = "Balance now, or as it stood at a past moment (at=ISO-8601)")
  BalanceAt balance(@PathVariable long id,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
      Instant at) {
    Instant moment = at == null ? Instant.now() : at;
    return ledger.balanceAt(id, moment).orElseThrow(LedgerAdminController::accountNotFound);
  }

  @PostMapping("/accounts/{id}/freeze")
  AccountView freeze(@PathVariable long id) {
    return AccountView.of(ledger.freeze(id));
  }

  @PostMapping("/accounts/{id}/unfreeze")
  AccountView unfreeze(@PathVariable long id) {
    return AccountView.of(ledger.unfreeze(id));
  }

  @PostMapping("/accounts/{id}/close")
  AccountView close(@PathVariable long id) {
    return AccountView.of(ledger.close(id));
  }

  /**
   * Applies the listed transfers atomically (all or none). The Idempotency-Key names the request:
   * transfers without an id get one derived from it, so a replay returns the first result and
   * a replay with other parameters is refused with {@code idempotency_key_reused}.
   */
  @PostMapping("/transfers")
  @Operation(summary = "Apply transfers atomically; requires an Idempotency-Key header")
  ResponseEntity<TransfersView> transfer(
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @Valid @RequestBody TransfersBody body) {
    if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    List<TransferRequest> requests = new ArrayList<>();
    for (int i = 0; i < body.transfers().size(); i++) {
      requests.add(request(body.transfers().get(i), "admin:" + idempotencyKey + ":" + i));
    }
    List<TransferResult> results = ledger.transferLinked(requests);
    for (int i = 0; i < results.size(); i++) {
      TransferResultCode code = results.get(i).code();
      if (!code.succeeded() && code != TransferResultCode.LINKED_EVENT_FAILED) {
        throw new OkPayException(code.errorCode(), Map.of("result", code.wireName(), "index", i));
      }
    }
    boolean replayed = results.stream().allMatch(r -> r.code() == TransferResultCode.EXISTS);
    return ResponseEntity.status(replayed ? HttpStatus.OK : HttpStatus.CREATED)
        .body(new TransfersView(results.stream().map(TransferResult::transfer).toList(), replayed));
  }

  @GetMapping("/transfers/{id}")
  Transfer transfer(@PathVariable UUID id) {
    return ledger.findTransfer(id).orElseThrow(() ->
        new OkPayException(ErrorCode.TRANSFER_NOT_FOUND));
  }

  @GetMapping("/invariants")
  @Operation(summary = "Check every ledger invariant now")
  InvariantReport invariants() {
    return ledger.checkInvariants();
  }

  private static TransferRequest request(TransferBody b, String derivedIdName) {
    UUID id = b.id() != null ? b.id() : Uuids.named(derivedIdName);
    Duration timeout = b.timeoutSeconds() == null ? null : Duration.ofSeconds(b.timeoutSeconds());
    return new TransferRequest(id, TransferKind.fromDb(b.kind().toLowerCase(Locale.ROOT)),
        b.debitAccountId(), b.creditAccountId(), b.amountMinor(),
        b.currency() == null ? null : currency(b.currency()), b.pendingId(), timeout, b.code(),
        b.reference(), b.metadata());
  }

  private static Currency currency(String code) {
    try {
      return Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw FieldErrors.invalid("currency", FieldErrors.UNKNOWN);
    }
  }

  private static OkPayException accountNotFound() {
    return new OkPayException(ErrorCode.ACCOUNT_NOT_FOUND);
  }
}
