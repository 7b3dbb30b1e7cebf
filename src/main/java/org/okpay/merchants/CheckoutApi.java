package org.okpay.merchants;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.payments.FxApi;
import org.okpay.payments.TransactionView;

/**
 * Checkout: a merchant's checkout sessions (by API, or from its static QR code), the hosted page
 * a payer pays them on, and the merchant's payments. Every merchant-side read and write is
 * scoped to the merchant: another merchant's session or payment is "not found".
 */
public interface CheckoutApi {

  int LIST_LIMIT_MAX = 100;

  /**
   * Creates a session once per {@code idempotencyKey}: the same key and body again return the
   * first session ({@link Created#replayed()}), another body is {@code idempotency_key_reused}.
   */
  Created create(UUID merchantId, String idempotencyKey, NewSession request);

  /** The merchant's own session; another merchant's is empty. */
  Optional<Session> session(UUID merchantId, UUID sessionId);

  /** Newest first; {@code cursor} null for the first page. */
  SessionPage sessions(UUID merchantId, String cursor, int limit);

  /** Expires an open session now; an expired one is returned as it is. */
  Session expire(UUID merchantId, UUID sessionId);

  /**
   * The merchant cancels an open session now (state {@code canceled}, event
   * {@code checkout.session.canceled}); a canceled one is returned as it is; paid or expired is
   * {@code checkout_session_not_open}, one being paid {@code checkout_session_in_progress}.
   */
  Session cancel(UUID merchantId, UUID sessionId);

  /**
   * The payer pressed "Cancel" on the hosted page: as {@link #cancel}, for anyone with the
   * session's link (who could as well pay it); empty for an unknown session.
   */
  Optional<Session> payerCancel(UUID sessionId);

  /** Expires every open session past its time (the job; also lazily on read). */
  int expireDue(Instant now);

  /** The merchant's payments, newest first, optionally matching {@code query}. */
  PaymentPage payments(UUID merchantId, String query, String cursor, int limit);

  Optional<MerchantPayment> payment(UUID merchantId, UUID paymentId);

  /** What the hosted page shows to anyone with the link; empty for an unknown session. */
  Optional<Hosted> hosted(UUID sessionId);

  /** A static-QR merchant as the payer sees it before typing the amount. */
  Optional<MerchantFace> merchantFace(UUID merchantId);

  /** A session for an amount the payer typed on a merchant's static QR page. */
  Session staticSession(UUID merchantId, long amountMinor, Currency currency);

  /**
   * An FX quote for paying the session from the payer's balance in {@code from}: the merchant
   * receives exactly the session's amount.
   */
  FxApi.Quote quote(CurrentUser payer, UUID sessionId, Currency from);

  /**
   * Pays the session from the payer's balance in {@code from} (with {@code quoteId} when it is
   * another currency than the session's). Once per session: a second payer is refused while the
   * first pays ({@code checkout_session_in_progress}) and after ({@code checkout_session_not_open});
   * the same payer again gets the same transaction ({@link Paid#replayed()}).
   */
  Paid pay(CurrentUser payer, UUID sessionId, Currency from, UUID quoteId,
      String secondFactorCode);

  /** The merchant fee schedule, one line per category. */
  List<FeeLine> feeSchedule();

  /** A PNG QR code of {@code url} (an OKPay checkout address). */
  byte[] qrPng(String url, int sizePx);

  /**
   * @param expiresInMinutes 30 to 1440; null for 24 hours
   * @param successUrl may contain {@code {CHECKOUT_SESSION_ID}}
   */
  record NewSession(Long amountMinor, String currency, String description,
      String orderReference, String successUrl, String cancelUrl, Integer expiresInMinutes) {
  }

  record Created(Session session, boolean replayed) {
  }

  /**
   * @param status {@code open}, {@code complete}, {@code expired} or {@code canceled}
   * @param url the hosted checkout page
   * @param qrUrl a PNG QR code of {@code url}
   * @param feeMinor the merchant fee the payment will carry; the merchant receives the rest
   */
  record Session(UUID id, UUID merchantId, String status, long amountMinor, String currency,
      long feeMinor, String description, String orderReference, String successUrl,
      String cancelUrl, String url, String qrUrl, String source, Instant expiresAt,
      Instant createdAt, Instant completedAt, UUID paymentId) {

    @com.fasterxml.jackson.annotation.JsonProperty("object")
    public String object() {
      return "checkout.session";
    }
  }

  record SessionPage(List<Session> sessions, String nextCursor) {
  }

  /**
   * @param status {@code succeeded} or {@code failed}
   * @param refundableMinor what may still be refunded: amount less refunded, 0 when failed
   */
  record MerchantPayment(UUID id, UUID merchantId, UUID checkoutSessionId, UUID transactionId,
      String status, long amountMinor, String currency, long feeMinor, long netMinor,
      long refundedMinor, long refundableMinor, String description, String orderReference,
      Instant createdAt) {

    @com.fasterxml.jackson.annotation.JsonProperty("object")
    public String object() {
      return "payment";
    }
  }

  record PaymentPage(List<MerchantPayment> payments, String nextCursor) {
  }

  /**
   * @param reputation {@code new_merchant}, or the 1-5 score as text ("4.6"); the whole
   *     reputation is {@link ReputationApi#reputation(UUID)}
   * @param currency the merchant's settlement currency, offered first on its static QR page
   */
  record MerchantFace(UUID merchantId, String name, boolean verified, String refundPolicy,
      int refundWindowDays, String reputation, String currency) {
  }

  /**
   * @param payerUserId who holds or paid it, for the page to tell that payer it is theirs; never
   *     in JSON (another payer must not learn it)
   */
  record Hosted(Session session, MerchantFace merchant,
      @com.fasterxml.jackson.annotation.JsonIgnore UUID payerUserId) {
  }

  /** @param session after the payment (complete when it went through) */
  record Paid(Session session, TransactionView transaction, boolean replayed) {
  }

  /** One category's fee: {@code basisPoints} of the amount plus {@code fixedMinor}. */
  record FeeLine(MerchantCategory category, int basisPoints, long fixedMinor) {

    public BigDecimal percent() {
      return BigDecimal.valueOf(basisPoints, 2);
    }
  }
}
