package org.okpay.payments.internal.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.okpay.payments.SandboxApi;
import org.springframework.stereotype.Service;

/** The sandbox's test numbers and its clock, for the control page and the operator API. */
@Service
class SandboxControls implements SandboxApi {

  private static final List<TestCard> CARDS = Arrays.stream(CardScenario.values())
      .flatMap(s -> s.numbers.stream().map(n -> new TestCard(n, CardNumbers.brand(n), s.key())))
      .toList();
  private static final List<TestBankAccount> BANK_ACCOUNTS = Arrays.stream(BankScenario.values())
      .map(s -> new TestBankAccount(s.lastDigits, s.exampleNumber, s.exampleIban, s.behaviour()))
      .toList();

  private final SandboxClock clock;
  private final SandboxProperties properties;

  SandboxControls(SandboxClock clock, SandboxProperties properties) {
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public List<TestCard> testCards() {
    return CARDS;
  }

  @Override
  public List<TestBankAccount> testBankAccounts() {
    return BANK_ACCOUNTS;
  }

  @Override
  public Instant now() {
    return clock.now();
  }

  @Override
  public Instant advance(Duration by) {
    return clock.advance(by);
  }

  @Override
  public long timeFactor() {
    return properties.timeFactor();
  }

  @Override
  public int returnAfterBusinessDays() {
    return properties.returnAfterBusinessDays();
  }

  @Override
  public boolean openControls() {
    return properties.openControls();
  }
}
