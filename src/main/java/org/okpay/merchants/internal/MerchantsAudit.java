package org.okpay.merchants.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditEvent;
import org.springframework.stereotype.Component;

/**
 * The merchants module's lines in the audit log, one call each, appended in the caller's
 * transaction (as its last write: the append holds the merchants chain's lock until commit).
 * Never secrets, key material or full card numbers in the details; a key is named by its id.
 */
@Component
public class MerchantsAudit {

  private final AuditApi audit;

  MerchantsAudit(AuditApi audit) {
    this.audit = audit;
  }

  /** A merchant's staff member (a signed-in user) did it. */
  public void byUser(String verb, UUID userId, String subjectType, Object subjectId,
      String... details) {
    append(verb, "user", userId == null ? null : userId.toString(), subjectType, subjectId,
        details);
  }

  /** A merchant's API key did it ({@code keyId} the key's id, never its secret). */
  public void byKey(String verb, UUID keyId, String subjectType, Object subjectId,
      String... details) {
    append(verb, "merchant_key", keyId == null ? null : keyId.toString(), subjectType, subjectId,
        details);
  }

  /** Whoever acts for the merchant: its API key, or a staff member on the dashboard. */
  public void byCaller(String verb, org.okpay.merchants.MerchantCaller caller, String subjectType,
      Object subjectId, String... details) {
    if (caller.apiKeyId() != null) {
      byKey(verb, caller.apiKeyId(), subjectType, subjectId, details);
    } else {
      byUser(verb, caller.userId(), subjectType, subjectId, details);
    }
  }

  /** A job or listener did it (a refund settling, a payout completing). */
  public void bySystem(String verb, String subjectType, Object subjectId, String... details) {
    append(verb, "system", null, subjectType, subjectId, details);
  }

  private void append(String verb, String actorType, String actorId, String subjectType,
      Object subjectId, String... details) {
    audit.append(new AuditEvent("merchants." + verb, actorType, actorId, subjectType,
        subjectId == null ? null : subjectId.toString(), null, map(details)));
  }

  /** Pairs of key, value; a null value is left out. */
  private static Map<String, String> map(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("details come in key, value pairs");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        map.put(pairs[i], pairs[i + 1]);
      }
    }
    return map;
  }
}
