package org.okpay.merchants.internal.checkout;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.merchants.CheckoutApi;
import org.okpay.merchants.ReputationApi;
import org.okpay.payments.FxApi;
import org.okpay.payments.Operation;
import org.okpay.payments.PaymentInputs;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.FieldErrors;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Value;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Checkout sessions, paying them, and the merchant's payments. */
@Service
class CheckoutService implements CheckoutApi {

  static final String OPEN = "open";
  static final String COMPLETE = "complete";
  static final String EXPIRED = "expired";
  static final String CANCELED = "canceled";
  static final int LIFETIME_MIN_MINUTES = 30;
  static final int LIFETIME_MAX_MINUTES = 24 * 60;
  /** A session from a static QR code: the payer is at the till. */
  static final Duration STATIC_LIFETIME = Duration.ofMinutes(30);
  static final int DESCRIPTION_MAX = 500;
  static final int REFERENCE_MAX = 200;
  static final int URL_MAX = 2048;
  static final int KEY_MAX = 255;
  /** A payment held for a review keeps its session this long past its time. */
  static final Duration REVIEW_HOLD = Duration.ofDays(7);
  static final String SESSION_ID_PLACEHOLDER = "{CHECKOUT_SESSION_ID}";

  private final CheckoutSessionStore sessions;
  private final MerchantPaymentStore payments;
  private final CheckoutMerchants merchants;
  private final MerchantFees fees;
  private final CheckoutCompletion completion;
  private final PaymentsApi paymentsApi;
  private final FxApi fx;
  private final TransactionTemplate tx;
  private final CheckoutProperties properties;
  private final Clock clock;
  private final String publicUrl;
  private final ReputationApi reputation;

  CheckoutService(CheckoutSessionStore sessions, MerchantPaymentStore payments, CheckoutMerchants merchants,
      MerchantFees fees, CheckoutCompletion completion, PaymentsApi paymentsApi, FxApi fx,
      TransactionTemplate tx, CheckoutProperties properties, Clock clock,
      @Value("${okpay.identity.public-url:}") String publicUrl, ReputationApi reputation) {
    this.reputation = reputation;
    this.sessions = sessions;
    this.payments = payments;
    this.merchants = merchants;
    this.fees = fees;
    this.completion = completion;
    this.paymentsApi = paymentsApi;
    this.fx = fx;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  // ---- merchant side ----

  @Override
  public Created create(UUID merchantId, String idempotencyKey, NewSession r) {
    String key = requireKey(idempotencyKey);
    FieldErrors errors = new FieldErrors();
    Currency currency = null;
    try {
      currency = PaymentInputs.currency(r.currency(), "currency");
    } catch (OkPayException e) {
      if (e.errorCode() != ErrorCode.VALIDATION_FAILED) {
        throw e;
      }
      errors.add("currency", r.currency() == null ? FieldErrors.REQUIRED : FieldErrors.FORMAT);
    }
    if (r.amountMinor() == null) {
      errors.add("amountMinor", FieldErrors.REQUIRED);
    } else if (r.amountMinor() <= 0 || r.amountMinor() > PaymentInputs.AMOUNT_MAX_MINOR) {
      errors.add("amountMinor", FieldErrors.OUT_OF_RANGE);
    }
    text(errors, "description", r.description(), DESCRIPTION_MAX);
    text(errors, "orderReference", r.orderReference(), REFERENCE_MAX);
    url(errors, "successUrl", r.successUrl());
    url(errors, "cancelUrl", r.cancelUrl());
    int minutes = r.expiresInMinutes() == null
        ? (int) properties.checkout().sessionLifetime().toMinutes() : r.expiresInMinutes();
    if (minutes < LIFETIME_MIN_MINUTES || minutes > LIFETIME_MAX_MINUTES) {
      errors.add("expiresInMinutes", FieldErrors.OUT_OF_RANGE);
    }
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    CheckoutMerchants.Info m = merchants.find(merchantId).orElseThrow();
    String hash = fingerprint(r, currency, minutes);
    Instant now = clock.instant();
    CheckoutSessionStore.Row row = new CheckoutSessionStore.Row(UUID.randomUUID(), merchantId, "api", key, hash,
        r.amountMinor(), currency, fees.fee(m.category(), r.amountMinor()),
        blankToNull(r.description()), blankToNull(r.orderReference()),
        blankToNull(r.successUrl()), blankToNull(r.cancelUrl()), OPEN,
        now.plus(Duration.ofMinutes(minutes)), now, null, null, 0, null);
    if (Boolean.TRUE.equals(tx.execute(s -> sessions.insert(row)))) {
      return new Created(view(sessions.find(row.id()).orElseThrow()), false);
    }
    CheckoutSessionStore.Row earlier = sessions.byKey(merchantId, key).orElseThrow();
    if (!hash.equals(earlier.requestHash())) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
          Map.of("checkoutSessionId", earlier.id().toString()));
    }
    return new Created(view(fresh(earlier)), true);
  }

  @Override
  public Optional<Session> session(UUID merchantId, UUID sessionId) {
    return sessions.find(merchantId, sessionId).map(this::fresh).map(this::view);
  }

  @Override
  public SessionPage sessions(UUID merchantId, String cursor, int limit) {
    int size = Math.clamp(limit, 1, LIST_LIMIT_MAX);
    Cursor after = Cursor.read(cursor);
    List<CheckoutSessionStore.Row> rows = sessions.page(merchantId, after.at(), after.id(), size);
    boolean more = rows.size() > size;
    List<CheckoutSessionStore.Row> page = more ? rows.subList(0, size) : rows;
    return new SessionPage(page.stream().map(this::fresh).map(this::view).toList(),
        more ? Cursor.write(page.getLast().createdAt(), page.getLast().id()) : null);
  }

  @Override
  public Session expire(UUID merchantId, UUID sessionId) {
    CheckoutSessionStore.Row s = sessions.find(merchantId, sessionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    if (COMPLETE.equals(s.status()) || CANCELED.equals(s.status())) {
      throw notOpen(s);
    }
    Instant now = clock.instant();
    Optional<CheckoutSessionStore.Row> moved = tx.execute(st -> {
      Optional<CheckoutSessionStore.Row> m = sessions.expire(sessionId, now);
      m.ifPresent(row -> completion.expired(row, now));
      return m;
    });
    if (moved.isEmpty()) {
      CheckoutSessionStore.Row again = sessions.find(merchantId, sessionId).orElseThrow();
      if (OPEN.equals(again.status())) {
        // A payer is paying it right now: it completes or comes back in a moment.
        throw new OkPayException(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS);
      }
      if (!EXPIRED.equals(again.status())) {
        throw notOpen(again);
      }
    }
    return view(sessions.find(merchantId, sessionId).orElseThrow());
  }

  @Override
  public Session cancel(UUID merchantId, UUID sessionId) {
    CheckoutSessionStore.Row s = fresh(sessions.find(merchantId, sessionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND)));
    return view(cancel(s, "merchant"));
  }

  @Override
  public Optional<Session> payerCancel(UUID sessionId) {
    return sessions.find(sessionId).map(this::fresh).map(s -> view(cancel(s, "payer")));
  }

  /**
   * Cancels an open session; a canceled one is returned as it is (a second press changes
   * nothing). Paid or expired is {@code checkout_session_not_open}; one a payer is paying at
   * this moment {@code checkout_session_in_progress}.
   */
  private CheckoutSessionStore.Row cancel(CheckoutSessionStore.Row s, String by) {
    if (CANCELED.equals(s.status())) {
      return s;
    }
    if (!OPEN.equals(s.status())) {
      throw notOpen(s);
    }
    Instant now = clock.instant();
    Optional<CheckoutSessionStore.Row> moved = tx.execute(st -> {
      Optional<CheckoutSessionStore.Row> m = sessions.cancel(s.id(), by, now);
      m.ifPresent(row -> completion.canceled(row, now));
      return m;
    });
    if (moved.isPresent()) {
      return moved.get();
    }
    CheckoutSessionStore.Row again = sessions.find(s.id()).orElseThrow();
    if (CANCELED.equals(again.status())) {
      return again;
    }
    if (OPEN.equals(again.status()) && again.expiresAt().isAfter(now)) {
      // A payer is paying it right now: it completes or comes back in a moment.
      throw new OkPayException(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS);
    }
    throw notOpen(again);
  }

  @Override
  public int expireDue(Instant now) {
    return tx.execute(st -> {
      List<CheckoutSessionStore.Row> expired = sessions.expireDue(now);
      expired.forEach(row -> completion.expired(row, now));
      return expired.size();
    });
  }

  /** The job; tests call {@link #expireDue} with the time they want. */
  @Scheduled(initialDelayString = "${okpay.merchants.checkout.expiry-scan-interval:PT1M}",
      fixedDelayString = "${okpay.merchants.checkout.expiry-scan-interval:PT1M}")
  @SchedulerLock(name = "merchants.checkout-expiry", lockAtMostFor = "PT10M")
  void expireDueNow() {
    expireDue(clock.instant());
  }

  @Override
  public PaymentPage payments(UUID merchantId, String query, String cursor, int limit) {
    int size = Math.clamp(limit, 1, LIST_LIMIT_MAX);
    if (query != null && query.length() > REFERENCE_MAX) {
      throw FieldErrors.invalid("q", FieldErrors.TOO_LONG);
    }
    Cursor after = Cursor.read(cursor);
    List<MerchantPayment> rows = payments.page(merchantId, query, after.at(), after.id(), size);
    boolean more = rows.size() > size;
    List<MerchantPayment> page = more ? rows.subList(0, size) : rows;
    return new PaymentPage(page,
        more ? Cursor.write(page.getLast().createdAt(), page.getLast().id()) : null);
  }

  @Override
  public Optional<MerchantPayment> payment(UUID merchantId, UUID paymentId) {
    return payments.find(merchantId, paymentId);
  }

  @Override
  public List<FeeLine> feeSchedule() {
    return fees.schedule();
  }

  // ---- payer side ----

  @Override
  public Optional<Hosted> hosted(UUID sessionId) {
    return sessions.find(sessionId).map(this::fresh).flatMap(s -> merchantFace(s.merchantId())
        .map(face -> new Hosted(view(s), face, s.payerUserId())));
  }

  @Override
  public Optional<MerchantFace> merchantFace(UUID merchantId) {
    return merchants.find(merchantId).map(m -> new MerchantFace(m.id(), m.name(), m.verified(),
        m.refundPolicy(), m.refundWindowDays(), reputation.reputation(m.id())
            .filter(r -> !r.newMerchant()).map(r -> r.score().toPlainString())
            .orElse("new_merchant"),
        m.settlementCurrency()));
  }

  @Override
  public Session staticSession(UUID merchantId, long amountMinor, Currency currency) {
    if (amountMinor <= 0 || amountMinor > PaymentInputs.AMOUNT_MAX_MINOR) {
      throw FieldErrors.invalid("amount", FieldErrors.OUT_OF_RANGE);
    }
    CheckoutMerchants.Info m = merchants.find(merchantId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    Instant now = clock.instant();
    CheckoutSessionStore.Row row = new CheckoutSessionStore.Row(UUID.randomUUID(), merchantId, "static_qr", null,
        null, amountMinor, currency, fees.fee(m.category(), amountMinor), null, null, null, null,
        OPEN, now.plus(STATIC_LIFETIME), now, null, null, 0, null);
    tx.execute(s -> sessions.insert(row));
    return view(sessions.find(row.id()).orElseThrow());
  }

  @Override
  public FxApi.Quote quote(CurrentUser payer, UUID sessionId, Currency from) {
    CheckoutSessionStore.Row s = sessions.find(sessionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    requirePayable(s, payer.userId(), clock.instant());
    return fx.quote(payer.userId(), Operation.CONVERT, from, s.currency(), 0, s.amountMinor());
  }

  /**
   * Claims the session for the payer (compare-and-set), then pays it through the payments engine
   * under the attempt's key. A refusal before anything was recorded, or a recorded failure,
   * gives the session back; a payment held for a review keeps it, and so does an error after
   * which the attempt may have been recorded (the payer's retry is then the same attempt).
   */
  @Override
  public Paid pay(CurrentUser payer, UUID sessionId, Currency from, UUID quoteId,
      String secondFactorCode) {
    Instant now = clock.instant();
    CheckoutSessionStore.Row s = sessions.find(sessionId)
        .orElseThrow(() -> new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_FOUND));
    if (COMPLETE.equals(s.status()) && payer.userId().equals(s.payerUserId())) {
      return paidBefore(payer, s);
    }
    Optional<Integer> claimed = sessions.claim(sessionId, payer.userId(), now,
        now.plus(properties.checkout().claimTimeout()));
    if (claimed.isEmpty()) {
      CheckoutSessionStore.Row again = fresh(sessions.find(sessionId).orElseThrow());
      if (COMPLETE.equals(again.status()) && payer.userId().equals(again.payerUserId())) {
        return paidBefore(payer, again);
      }
      requirePayable(again, payer.userId(), now);
      throw new OkPayException(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS);
    }
    int attempt = claimed.get();
    PaymentsApi.Executed executed;
    try {
      executed = paymentsApi.execute(payer, MerchantPaymentType.engineKey(sessionId, attempt),
          new MerchantPaymentRequest(sessionId, from == null ? s.currency() : from, quoteId),
          secondFactorCode);
    } catch (OkPayException refused) {
      // A check's refusal comes before anything is recorded: the session is free again. A
      // retryable error (ledger busy, database unavailable, payment interrupted) may come after
      // the payment was recorded and its money moved, as may any other exception (below): then
      // the claim stays, so that the payer's retry is this same attempt, which the engine's key
      // replays instead of paying again, and reconciliation settles the recorded attempt, whose
      // completion or failure ends the claim. Else it lapses after claim-timeout.
      if (!refused.errorCode().retryable()) {
        sessions.release(sessionId, payer.userId(), attempt);
      }
      throw refused;
    }
    TransactionView t = executed.transaction();
    if (t.state() == TransactionState.FAILED) {
      tx.executeWithoutResult(st -> {
        completion.failed(t.id(), payer.userId(), sessionId);
        sessions.release(sessionId, payer.userId(), attempt);
      });
    } else if (t.state() == TransactionState.ON_HOLD) {
      Instant until = (s.expiresAt().isAfter(now) ? s.expiresAt() : now).plus(REVIEW_HOLD);
      sessions.hold(sessionId, payer.userId(), attempt, until);
    }
    return new Paid(view(sessions.find(sessionId).orElseThrow()), t, executed.replayed());
  }

  private Paid paidBefore(CurrentUser payer, CheckoutSessionStore.Row s) {
    MerchantPayment p = payments.bySession(s.merchantId(), s.id()).orElseThrow();
    TransactionView t = paymentsApi.transaction(payer.userId(), p.transactionId()).orElseThrow();
    return new Paid(view(s), t, true);
  }

  /** Refuses a session the payer cannot pay now: completed, expired, or another payer's. */
  static void requirePayable(CheckoutSessionStore.Row s, UUID payer, Instant now) {
    boolean mine = payer.equals(s.payerUserId()) && s.claimUntil() != null
        && s.claimUntil().isAfter(now);
    if (!OPEN.equals(s.status()) || (!s.expiresAt().isAfter(now) && !mine)) {
      throw notOpen(s);
    }
    if (s.claimedBy(payer, now)) {
      throw new OkPayException(ErrorCode.CHECKOUT_SESSION_IN_PROGRESS);
    }
  }

  private static OkPayException notOpen(CheckoutSessionStore.Row s) {
    String status = OPEN.equals(s.status()) ? EXPIRED : s.status();
    return new OkPayException(ErrorCode.CHECKOUT_SESSION_NOT_OPEN, Map.of("status", status));
  }

  /** Expires a session past its time on read (the job does the rest). */
  private CheckoutSessionStore.Row fresh(CheckoutSessionStore.Row s) {
    Instant now = clock.instant();
    if (!OPEN.equals(s.status()) || s.expiresAt().isAfter(now)
        || (s.claimUntil() != null && s.claimUntil().isAfter(now))) {
      return s;
    }
    return tx.execute(st -> {
      Optional<CheckoutSessionStore.Row> moved = sessions.expire(s.id(), now);
      moved.ifPresent(row -> completion.expired(row, now));
      return moved.orElseGet(() -> sessions.find(s.id()).orElseThrow());
    });
  }

  private Session view(CheckoutSessionStore.Row s) {
    String url = publicUrl + "/pay/" + s.id();
    UUID paymentId = COMPLETE.equals(s.status())
        ? payments.bySession(s.merchantId(), s.id()).map(MerchantPayment::id).orElse(null)
        : null;
    return new Session(s.id(), s.merchantId(), s.status(), s.amountMinor(),
        s.currency().getCurrencyCode(), s.feeMinor(), s.description(), s.orderReference(),
        s.successUrl(), s.cancelUrl(), url, url + "/qr.png", s.source(), s.expiresAt(),
        s.createdAt(), s.completedAt(), paymentId);
  }

  @Override
  public byte[] qrPng(String url, int sizePx) {
    try {
      // One pixel per module first, then a whole number of pixels per module: a module size
      // that is not whole (sizePx spread over the modules) draws uneven modules that scanners,
      // zxing's own included, misread now and then.
      BitMatrix matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
              EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8"));
      int scale = Math.max(1, sizePx / matrix.getWidth());
      int side = matrix.getWidth() * scale;
      BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          image.setRGB(x, y, matrix.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF);
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "PNG", out);
      return out.toByteArray();
    } catch (WriterException | IOException e) {
      throw new IllegalStateException("cannot draw a QR code of " + url.length() + " chars", e);
    }
  }

  // ---- checks ----

  private static String requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new OkPayException(ErrorCode.IDEMPOTENCY_KEY_MISSING);
    }
    if (key.length() > KEY_MAX || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      throw FieldErrors.invalid("Idempotency-Key", FieldErrors.FORMAT);
    }
    return key;
  }

  private static void text(FieldErrors errors, String field, String value, int max) {
    if (value != null && value.strip().length() > max) {
      errors.add(field, FieldErrors.TOO_LONG);
    }
  }

  /** An absolute http(s) address; {@code {CHECKOUT_SESSION_ID}} may stand for the id. */
  private static void url(FieldErrors errors, String field, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (value.length() > URL_MAX) {
      errors.add(field, FieldErrors.TOO_LONG);
      return;
    }
    try {
      URI uri = URI.create(value.strip().replace(SESSION_ID_PLACEHOLDER, "x"));
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        errors.add(field, FieldErrors.FORMAT);
      }
    } catch (IllegalArgumentException e) {
      errors.add(field, FieldErrors.FORMAT);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String fingerprint(NewSession r, Currency currency, int minutes) {
    String text = "okpay-checkout-session v1\namountMinor=" + r.amountMinor() + "\ncurrency="
        + currency.getCurrencyCode() + "\ndescription=" + esc(r.description())
        + "\nexpiresInMinutes=" + minutes + "\norderReference=" + esc(r.orderReference())
        + "\nsuccessUrl=" + esc(r.successUrl()) + "\ncancelUrl=" + esc(r.cancelUrl());
    try {
      return "v1:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  /** Keyset cursor (created_at, id), URL-safe. */
  record Cursor(Instant at, UUID id) {
    static Cursor read(String text) {
      if (text == null || text.isBlank()) {
        return new Cursor(null, null);
      }
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(text),
            StandardCharsets.UTF_8).split("\\|");
        return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
      } catch (RuntimeException e) {
        throw FieldErrors.invalid("cursor", FieldErrors.FORMAT);
      }
    }

    static String write(Instant at, UUID id) {
      return Base64.getUrlEncoder().withoutPadding()
          .encodeToString((at + "|" + id).getBytes(StandardCharsets.UTF_8));
    }
  }
}
