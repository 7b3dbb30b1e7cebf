package org.okpay.support;

import java.util.Objects;
import java.util.UUID;

/**
 * A case to open.
 *
 * @param customerId the signed-in customer, or null for a case opened while signed out (then
 *     the case is tied to {@code contactEmail} only and shows no account data)
 * @param contactEmail where replies go; for a signed-in customer their account address
 * @param language {@code en} or {@code zh-CN}, for e-mails
 * @param link what it is attached to, or null
 * @param sourceKey makes opening idempotent: a second open with the same key returns the first
 *     case (e.g. {@code complaint:<id>}, {@code compromise:<userId>:<epochMillis>},
 *     {@code web:<Idempotency-Key>}); never null
 * @param channel how it came in: {@code web}, {@code api}, {@code email}, {@code phone},
 *     {@code system}
 */
public record NewCase(UUID customerId, String contactEmail, String language,
    CaseCategory category, CasePriority priority, String subject, String message, CaseLink link,
    String sourceKey, String channel) {

  public NewCase {
    Objects.requireNonNull(contactEmail, "contactEmail");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(channel, "channel");
  }
}
