package org.okpay.merchants.internal.refunds;

import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.DisputablePayments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link DisputablePayments} from the refund requests' payer query. */
@Component
class DisputablePaymentsLookup implements DisputablePayments {

  private final RefundRequestStore requests;
  private final JdbcClient jdbc;

  DisputablePaymentsLookup(RefundRequestStore requests, JdbcClient jdbc) {
    this.requests = requests;
    this.jdbc = jdbc;
  }

  @Override
  public Optional<PaidByCustomer> ofPayer(UUID customerId, UUID transactionId) {
    if (customerId == null || transactionId == null) {
      return Optional.empty();
    }
    return requests.payment(customerId, null, transactionId).map(p -> new PaidByCustomer(
        p.id(), p.transactionId(), p.merchantId(), requests.merchantName(p.merchantId()),
        p.ownerUserId(), p.status(), p.amountMinor(), p.refundedMinor(), p.currency(),
        p.createdAt()));
  }

  @Override
  public Optional<PaidByCustomer> ofMerchantPayment(UUID merchantId, UUID paymentId) {
    return jdbc.sql("""
        select p.payer_user_id from merchants.payments p
         where p.id = :payment and p.merchant_id = :merchant
        """).param("payment", paymentId).param("merchant", merchantId).query(UUID.class)
        .optional().flatMap(payer -> requests.payment(payer, paymentId, null))
        .map(p -> new PaidByCustomer(p.id(), p.transactionId(), p.merchantId(),
            requests.merchantName(p.merchantId()), p.ownerUserId(), p.status(), p.amountMinor(),
            p.refundedMinor(), p.currency(), p.createdAt()));
  }
}
