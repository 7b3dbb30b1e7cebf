package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.okpay.identity.SecondFactor;

/** Recovery codes, sealing of secrets, the QR code and how a typed code is read. */
class TwoFactorPartsTest {

  @Test
  void recoveryCodesAreTenDistinctGroupedCodesOf80Bits() {
    List<String> codes = RecoveryCodes.generate();
    assertThat(codes).hasSize(RecoveryCodes.COUNT);
    assertThat(new HashSet<>(codes)).hasSize(RecoveryCodes.COUNT);
    assertThat(codes).allMatch(c -> c.matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}"));
  }

  @Test
  void aRecoveryCodeIsReadAsTypedWhateverTheCaseSpacesAndLookalikes() {
    String code = "ab1c-d0ef-ghjk-mnpq";
    assertThat(RecoveryCodes.normalize(code)).isEqualTo("ab1cd0efghjkmnpq");
    assertThat(RecoveryCodes.normalize(" AB1C D0EF GHJK MNPQ ")).isEqualTo("ab1cd0efghjkmnpq");
    assertThat(RecoveryCodes.normalize("abLc-dOef-ghjk-mnpq")).isEqualTo("ab1cd0efghjkmnpq");
    assertThat(RecoveryCodes.normalize("ab1c-d0ef-ghjk-mnp")).isNull(); // too short
    assertThat(RecoveryCodes.normalize("ab1c-d0ef-ghjk-mnpu")).isNull(); // u is not in the alphabet
    assertThat(RecoveryCodes.normalize("x".repeat(100))).isNull();
  }

  @Test
  void theSameRecoveryCodeHashesDifferentlyForEachUser() {
    UUID alice = UUID.randomUUID();
    UUID bob = UUID.randomUUID();
    assertThat(RecoveryCodes.hash(alice, "ab1cd0efghjkmnpq"))
        .isEqualTo(RecoveryCodes.hash(alice, "ab1cd0efghjkmnpq"))
        .isNotEqualTo(RecoveryCodes.hash(bob, "ab1cd0efghjkmnpq"))
        .hasSize(32);
  }

  @Test
  void aSealedSecretOpensOnlyForItsOwnerAndItsKey() {
    SecretBox box = new SecretBox(Base64.getEncoder().encodeToString(new byte[32]));
    byte[] secret = "twenty bytes secret!".getBytes(StandardCharsets.US_ASCII);
    UUID owner = UUID.randomUUID();

    byte[] sealed = box.seal(owner, secret);
    assertThat(sealed[0]).isEqualTo(SecretBox.SEALED);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("twenty");
    assertThat(box.open(owner, sealed)).isEqualTo(secret);
    assertThat(box.seal(owner, secret)).isNotEqualTo(sealed); // a new nonce every time

    assertThatThrownBy(() -> box.open(UUID.randomUUID(), sealed))
        .isInstanceOf(IllegalStateException.class);
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(otherKey))
        .open(owner, sealed)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new SecretBox("c2hvcnQ=")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void withoutAKeySecretsAreStoredPlainAndStillOpenOnceAKeyIsAdded() {
    UUID owner = UUID.randomUUID();
    byte[] secret = new byte[] {1, 2, 3};
    byte[] plain = new SecretBox("").seal(owner, secret);
    assertThat(plain[0]).isEqualTo(SecretBox.PLAIN);
    assertThat(new SecretBox(Base64.getEncoder().encodeToString(new byte[32])).open(owner, plain))
        .isEqualTo(secret);
  }

  @Test
  void theQrCodeReadsBackAsTheOtpauthUri() throws Exception {
    String uri = "otpauth://totp/OKPay:ann%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
        + "&issuer=OKPay&algorithm=SHA1&digits=6&period=30";
    String dataUri = QrCodes.svgDataUri(uri);
    assertThat(dataUri).startsWith("data:image/svg+xml;base64,");
    String svg = new String(Base64.getDecoder().decode(
        dataUri.substring(dataUri.indexOf(',') + 1)), StandardCharsets.UTF_8);

    assertThat(new QRCodeReader().decode(raster(svg)).getText()).isEqualTo(uri);
  }

  @Test
  void aTypedCodeIsATotpCodeWhenItIsSixDigitsAndARecoveryCodeOtherwise() {
    assertThat(SecondFactor.of(" 123 456 ")).isEqualTo(new SecondFactor("123456", null));
    assertThat(SecondFactor.of("ab1c-d0ef-ghjk-mnpq"))
        .isEqualTo(new SecondFactor(null, "ab1c-d0ef-ghjk-mnpq"));
    assertThat(SecondFactor.of("  ").isEmpty()).isTrue();
    assertThat(SecondFactor.of(null)).isEqualTo(SecondFactor.NONE);
    assertThat(SecondFactor.of("123456").toString()).doesNotContain("123456");
  }

  /** Draws the SVG's unit squares at 4 pixels a module, as a scanner would see it. */
  private static BinaryBitmap raster(String svg) {
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(box.find()).isTrue();
    int modules = Integer.parseInt(box.group(1));
    int scale = 4;
    int size = modules * scale;
    int[] pixels = new int[size * size];
    java.util.Arrays.fill(pixels, 0xffffffff);
    Matcher square = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
    while (square.find()) {
      int x = Integer.parseInt(square.group(1));
      int y = Integer.parseInt(square.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * size + x * scale + dx] = 0xff000000;
        }
      }
    }
    return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels)));
  }
}
