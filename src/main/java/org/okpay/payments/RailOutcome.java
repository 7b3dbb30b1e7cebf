package org.okpay.payments;

import java.time.Instant;
import java.util.Currency;

/**
 * What a rail says of one operation, in answer to a request or to {@link PaymentRail#status}.
 *
 * @param reference our reference for the operation (the transaction id), as given to the rail
 * @param railReference the rail's own id for it (shown in the tracker); null when it has none
 * @param amountMinor the amount the rail moved or will move, in {@code currency}
 * @param declineCode for {@link RailState#DECLINED} and {@link RailState#RETURNED}: why, one of
 *     {@link DeclineCode}'s codes; null otherwise
 * @param expectedAt for {@link RailState#PROCESSING}: when the rail expects to settle it
 * @param updatedAt when the rail last changed the operation's state (rail time)
 */
public record RailOutcome(String reference, String railReference, RailState state,
    long amountMinor, Currency currency, DeclineCode declineCode, Instant expectedAt,
    Instant updatedAt) {
}
