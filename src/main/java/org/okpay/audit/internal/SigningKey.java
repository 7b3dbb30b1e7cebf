package org.okpay.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs checkpoints: from {@code okpay.audit.signing-key} (base64 PKCS#8),
 * else generated once into {@code <data-dir>/signing-key} and read from there on every start.
 * Verify trusts checkpoints signed by this key or by one of {@code trusted-public-keys}.
 */
final class SigningKey {

  static final String FILE_NAME = "signing-key";

  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
  private static final int KEY_TEXT_MAX = 4096;

  private final Ed25519PrivateKeyParameters privateKey;
  private final String publicKey;
  private final String keyId;
  private final Set<String> trusted;

  private SigningKey(Ed25519PrivateKeyParameters privateKey, Iterable<String> alsoTrusted) {
    this.privateKey = privateKey;
    this.publicKey = Base64.getEncoder().encodeToString(privateKey.generatePublicKey().getEncoded());
    this.keyId = keyIdOf(publicKey);
    Set<String> all = new HashSet<>();
    all.add(publicKey);
    alsoTrusted.forEach(k -> all.add(k.strip()));
    this.trusted = Set.copyOf(all);
  }

  static SigningKey load(AuditProperties properties) {
    if (!properties.signingKey().isBlank()) {
      return new SigningKey(parse(properties.signingKey(), "okpay.audit.signing-key"),
          properties.trustedPublicKeys());
    }
    Path file = Path.of(properties.dataDir()).toAbsolutePath().resolve(FILE_NAME);
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        Ed25519PrivateKeyParameters generated = new Ed25519PrivateKeyParameters(new SecureRandom());
        String text = Base64.getEncoder().encodeToString(
            PrivateKeyInfoFactory.createPrivateKeyInfo(generated).getEncoded()) + "\n";
        try {
          Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE, StandardOpenOption.SYNC);
          ownerOnly(file);
          SigningKey key = new SigningKey(generated, properties.trustedPublicKeys());
          log.warn("audit: okpay.audit.signing-key is not set, so an Ed25519 checkpoint signing "
              + "key was generated in {} (key id {}). Back it up with checkpoints.jsonl beside it; "
              + "with more than one instance set OKPAY_AUDIT_SIGNING_KEY to its contents on all.",
              file, key.keyId());
          return key;
        } catch (FileAlreadyExistsException raced) {
          // Another instance on the same folder wrote it first: use that one.
        }
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII);
      SigningKey key = new SigningKey(parse(text, file.toString()), properties.trustedPublicKeys());
      log.info("audit: checkpoints are signed with the key in {} (key id {})", file, key.keyId());
      return key;
    } catch (IOException e) {
      throw new IllegalStateException("audit: cannot read or create the signing key " + file
          + "; set okpay.audit.signing-key or okpay.audit.data-dir", e);
    }
  }

  private static Ed25519PrivateKeyParameters parse(String base64, String where) {
    try {
      if (base64.length() > KEY_TEXT_MAX) {
        throw new IllegalArgumentException("too long");
      }
      byte[] der = Base64.getMimeDecoder().decode(base64.strip());
      AsymmetricKeyParameter key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
      if (key instanceof Ed25519PrivateKeyParameters ed) {
        return ed;
      }
      throw new IllegalArgumentException("not an Ed25519 key");
    } catch (IOException | RuntimeException e) {
      // Never the key text itself in the message.
      throw new IllegalStateException("audit: " + where
          + " is not a base64 PKCS#8 Ed25519 private key (openssl genpkey -algorithm ed25519 "
          + "-outform DER | base64 -w0)");
    }
  }

  private static void ownerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      log.warn("audit: could not make {} readable by its owner only", file);
    }
  }

  static String keyIdOf(String publicKeyBase64) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Base64.getDecoder().decode(publicKeyBase64));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String publicKey() {
    return publicKey;
  }

  String keyId() {
    return keyId;
  }

  String sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return Base64.getEncoder().encodeToString(signer.generateSignature());
  }

  /** Whether {@code publicKeyBase64} is trusted and made {@code signature} over the message. */
  boolean verifies(String publicKeyBase64, byte[] message, String signatureBase64) {
    if (publicKeyBase64 == null || signatureBase64 == null || !trusted.contains(publicKeyBase64)) {
      return false;
    }
    try {
      byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
      byte[] signature = Base64.getDecoder().decode(signatureBase64);
      if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE
          || signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
        return false;
      }
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, new Ed25519PublicKeyParameters(raw, 0));
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
