package org.okpay.audit.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the audit log (application.yml {@code okpay.audit}, docs/support-audit.md).
 *
 * @param signingKey the Ed25519 private key that signs checkpoints, base64 of its PKCS#8 form;
 *     blank: a key generated once and kept in {@code dataDir}
 * @param dataDir the folder of the generated key and of the append-only checkpoint file
 * @param checkpointInterval how often the checkpoint job runs (once across all instances)
 * @param trustedPublicKeys further public keys (base64 of the raw 32 bytes) whose checkpoints
 *     verify accepts, e.g. the key used before a rotation
 */
@ConfigurationProperties("okpay.audit")
record AuditProperties(
    @DefaultValue("") String signingKey,
    @DefaultValue("data/audit") String dataDir,
    @DefaultValue("1h") Duration checkpointInterval,
    @DefaultValue({}) List<String> trustedPublicKeys) {

  AuditProperties {
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("okpay.audit.checkpoint-interval must be positive");
    }
    trustedPublicKeys = trustedPublicKeys == null ? List.of() : List.copyOf(trustedPublicKeys);
  }
}
