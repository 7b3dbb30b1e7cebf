package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.okpay.identity.internal.PhoneNumbers.Parsed;
import org.okpay.identity.internal.PhoneNumbers.Refusal;

/** Numbers as people type them, in their own country or with the country code, to E.164. */
class PhoneNumbersTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      138 0013 8000          | CN | +8613800138000
      138.0013.8000          | CN | +8613800138000
      １３８ ００１３ ８０００   | CN | +8613800138000
      0086 138 0013 8000     | CN | +8613800138000
      +86 (138) 0013-8000    | US | +8613800138000
      ＋86 138 0013 8000      |    | +8613800138000
      (202) 555-0123         | US | +12025550123
      07400 123456           | GB | +447400123456
      0151 23456789          | DE | +4915123456789
      06 12 34 56 78         | FR | +33612345678
      090-1234-5678          | JP | +819012345678
      9123 4567              | HK | +85291234567
      """)
  void aMobileNumberIsReadInTheUsersCountryOrByItsCode(String typed, String country,
      String e164) {
    assertThat(PhoneNumbers.own(typed, country)).isEqualTo(new Parsed.Valid(e164));
    assertThat(PhoneNumbers.lookup(typed, country)).contains(e164);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      NULL                   | CN | FORMAT
      ''                     | CN | FORMAT
      138 0013 8000          |    | FORMAT
      12345                  | CN | FORMAT
      1-800-FLOWERS          | US | FORMAT
      +86 138 0013 8000 x12  | CN | FORMAT
      +86 138 0013 8000 0000 0000 0000 0000 0000 | CN | FORMAT
      13800138000            | US | FORMAT
      +44 20 7946 0958       | GB | NOT_MOBILE
      +1 800 555 0199        | US | NOT_MOBILE
      """)
  void otherTextIsRefusedWithTheReason(String typed, String country, Refusal refusal) {
    assertThat(PhoneNumbers.own(typed, country)).isEqualTo(new Parsed.Invalid(refusal));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      +8613800138000 | +86 138 0013 8000
      +12025550123   | +1 202-555-0123
      """)
  void storedNumbersAreShownSpacedAsInTheirCountry(String e164, String shown) {
    assertThat(PhoneNumbers.display(e164)).isEqualTo(shown);
  }
}
