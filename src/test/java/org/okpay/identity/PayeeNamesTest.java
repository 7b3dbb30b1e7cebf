package org.okpay.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The masked name a payer sees on the review: the rule of {@link PayeeNames}. */
class PayeeNamesTest {

  @Test
  void aNameWithoutSpacesHidesItsFirstCharacter() {
    assertThat(PayeeNames.masked("王小明", "bob@example.com")).isEqualTo("*小明 (bob@…)");
    assertThat(PayeeNames.masked("Alice", "alice@example.com")).isEqualTo("*lice (alice@…)");
    assertThat(PayeeNames.masked("李", "li@example.com")).isEqualTo("* (li@…)");
  }

  @Test
  void aNameOfSeveralWordsKeepsTheFirstAndTheInitialsOfTheOthers() {
    assertThat(PayeeNames.masked("Bob Lee", "bob@example.com")).isEqualTo("Bob L. (bob@…)");
    assertThat(PayeeNames.masked("  Anna  Maria Schmidt ", "a@b.c"))
        .isEqualTo("Anna M. S. (a@…)");
  }

  @Test
  void aPhoneNumberKeepsItsLastFourDigitsOnly() {
    assertThat(PayeeNames.masked("王小明", "+86 138 0013 8000")).isEqualTo("*小明 (•••• 8000)");
    assertThat(PayeeNames.masked(null, "12")).isEqualTo("*");
  }
}
