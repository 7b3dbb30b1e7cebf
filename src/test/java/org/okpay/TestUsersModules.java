package org.okpay;

import java.util.Currency;
import java.util.UUID;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.identity.NewUser;
import org.okpay.identity.PhoneApi;
import org.okpay.identity.Role;
import org.okpay.identity.TwoFactorApi;
import org.okpay.identity.PhoneCodes;
import org.okpay.identity.internal.IdentityTestHooks;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.NewCard;
import org.okpay.payments.PaymentRequest;
import org.okpay.payments.PaymentsApi;
import org.okpay.payments.TransactionState;

/**
 * {@link TestUsers}' fast path: every step is a call on a module's API bean, in the test's own
 * thread, so a user costs a few local transactions instead of a dozen HTTP round trips and a
 * wait for the e-mail outbox.
 */
final class TestUsersModules implements TestUsers.Steps {

  private final IdentityApi identity;
  private final IdentityTestHooks hooks;
  private final TwoFactorApi twoFactor;
  private final PhoneApi phones;
  private final PaymentsApi payments;
  private final FundingSourcesApi sources;
  private final DevMailbox mailbox;

  TestUsersModules(IdentityApi identity, IdentityTestHooks hooks, TwoFactorApi twoFactor,
      PhoneApi phones, PaymentsApi payments, FundingSourcesApi sources, DevMailbox mailbox) {
    this.identity = identity;
    this.hooks = hooks;
    this.twoFactor = twoFactor;
    this.phones = phones;
    this.payments = payments;
    this.sources = sources;
    this.mailbox = mailbox;
  }

  @Override
  public void register(String email, String displayName, String country, String currency) {
    identity.register(new NewUser(email, TestUsers.PASSWORD, displayName, "en", country,
        currency), TestUsers.IP);
  }

  @Override
  public void verify(String email) {
    hooks.verify(email);
    UUID id = userId(email);
    // Payments opens the wallet from identity's UserVerified event, just after the commit.
    TestUsers.awaitTrue(() -> !payments.balances(id).isEmpty());
  }

  @Override
  public UUID userId(String email) {
    return hooks.userId(email);
  }

  @Override
  public void setRole(UUID userId, Role role) {
    hooks.setRole(userId, role);
  }

  @Override
  public TestUser signIn(TestUser user) {
    IdentityApi.SignIn signIn = identity.signIn(user.email(), user.password(), SessionKind.API,
        TestUsers.IP, TestUsers.USER_AGENT);
    return new TestUser(signIn.user().userId(), user.email(), user.password(), signIn.token(),
        user.currency(), user.role(), user.totpSecret(), user.phone(), signIn.user());
  }

  @Override
  public String enrolTwoFactor(TestUser user) {
    String secret = twoFactor.start(user.current()).secret();
    twoFactor.confirm(user.current(), TotpTestCodes.code(secret, 0));
    return secret;
  }

  @Override
  public String confirmPhone(TestUser user) {
    String number = PhoneCodes.newChineseMobile();
    phones.setPhone(user.current(), number);
    phones.confirmPhone(user.current(), PhoneCodes.code(mailbox, user.email(), 1));
    return number;
  }

  @Override
  public void fund(TestUser user, long amountMinor) {
    UUID card = sources.addCard(user.id(), new NewCard(TestUsers.VISA, 12, 2035, "123",
        "Pat Doe")).id();
    TransactionState state = payments.execute(user.current(), UUID.randomUUID().toString(),
        new PaymentRequest.CardTopUp(card, amountMinor, Currency.getInstance(user.currency())),
        null).transaction().state();
    if (state != TransactionState.COMPLETED) {
      throw new IllegalStateException("funding top-up ended " + state);
    }
  }
}
