package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** TOTP against RFC 6238's own test vectors, base32 against RFC 4648's, and the accept window. */
class TotpCodesTest {

  /** RFC 6238 appendix B: the SHA-1 seed is the ASCII text "12345678901234567890". */
  private static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @CsvSource({
      "59,          94287082",
      "1111111109,  07081804",
      "1111111111,  14050471",
      "1234567890,  89005924",
      "2000000000,  69279037",
      "20000000000, 65353130"})
  void rfc6238Vectors(long unixSeconds, String expected) {
    long step = TotpCodes.step(Instant.ofEpochSecond(unixSeconds));
    assertThat(TotpCodes.code(RFC_SEED, step, 8)).isEqualTo(expected);
    // Six digits are the same number modulo 10^6: the last six of the eight.
    assertThat(TotpCodes.code(RFC_SEED, step)).isEqualTo(expected.substring(2));
  }

  @Test
  void rfc4226HotpVectors() {
    String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922",
        "162583", "399871", "520489"};
    for (int counter = 0; counter < expected.length; counter++) {
      assertThat(TotpCodes.code(RFC_SEED, counter)).as("counter " + counter)
          .isEqualTo(expected[counter]);
    }
  }

  @ParameterizedTest
  @CsvSource({"f, MY", "fo, MZXQ", "foo, MZXW6", "foob, MZXW6YQ", "fooba, MZXW6YTB",
      "foobar, MZXW6YTBOI"})
  void base32AsRfc4648WithoutPadding(String text, String encoded) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    assertThat(TotpCodes.base32(bytes)).isEqualTo(encoded);
    assertThat(TotpCodes.fromBase32(encoded.toLowerCase())).isEqualTo(bytes);
  }

  @Test
  void base32OfA160BitSecretIs32CharactersAndRoundTrips() {
    byte[] secret = new byte[TotpCodes.SECRET_BYTES];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (i * 37 + 11);
    }
    String text = TotpCodes.base32(secret);
    assertThat(text).hasSize(32).matches("[A-Z2-7]+");
    assertThat(TotpCodes.fromBase32(text.substring(0, 4) + " " + text.substring(4)))
        .isEqualTo(secret);
    assertThatThrownBy(() -> TotpCodes.fromBase32("ABC1")).isInstanceOf(
        IllegalArgumentException.class);
  }

  @Test
  void acceptsOneStepOfDriftEitherSideAndNoMore() {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    long step = TotpCodes.step(now);
    for (long offset = -1; offset <= 1; offset++) {
      assertThat(TotpCodes.match(RFC_SEED, TotpCodes.code(RFC_SEED, step + offset), now, -1))
          .as("offset " + offset).hasValue(step + offset);
    }
    assertThat(TotpCodes.match(RFC_SEED, TotpCodes.code(RFC_SEED, step - 2), now, -1)).isEmpty();
    assertThat(TotpCodes.match(RFC_SEED, TotpCodes.code(RFC_SEED, step + 2), now, -1)).isEmpty();
  }

  @Test
  void aStepAtOrBeforeTheLastAcceptedOneIsRefused() {
    Instant now = Instant.ofEpochSecond(1_111_111_111);
    long step = TotpCodes.step(now);
    String current = TotpCodes.code(RFC_SEED, step);

    assertThat(TotpCodes.match(RFC_SEED, current, now, step - 1)).hasValue(step);
    assertThat(TotpCodes.match(RFC_SEED, current, now, step)).isEmpty(); // replayed
    assertThat(TotpCodes.match(RFC_SEED, TotpCodes.code(RFC_SEED, step - 1), now, step))
        .isEmpty(); // older than one already used
    assertThat(TotpCodes.match(RFC_SEED, TotpCodes.code(RFC_SEED, step + 1), now, step))
        .hasValue(step + 1);
  }

  @Test
  void onlySixDigitsCanMatch() {
    Instant now = Instant.ofEpochSecond(59);
    String code = TotpCodes.code(RFC_SEED, TotpCodes.step(now));
    assertThat(TotpCodes.match(RFC_SEED, code, now, -1)).isPresent();
    assertThat(TotpCodes.match(RFC_SEED, "9" + code, now, -1)).isEmpty();
    assertThat(TotpCodes.match(RFC_SEED, code.substring(1), now, -1)).isEmpty();
    assertThat(TotpCodes.match(RFC_SEED, "abcdef", now, -1)).isEmpty();
    assertThat(TotpCodes.match(RFC_SEED, null, now, -1)).isEmpty();
  }
}
