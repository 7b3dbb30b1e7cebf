package org.okpay;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.IdentityApi.SessionKind;
import org.okpay.identity.PhoneApi;
import org.okpay.identity.Role;
import org.okpay.identity.SecondFactor;
import org.okpay.identity.TwoFactorApi;
import org.okpay.identity.internal.IdentityTestHooks;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.PaymentsApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way tests make a user: registered, verified or not, in a currency, funded, with
 * two-factor, a confirmed phone, a staff role. Every user is new (a random address), so tests
 * never share balances, limits or lockouts.
 *
 * <pre>{@code
 * @Autowired TestUsers users;
 * TestUser pat = users.user().currency("EUR").funded(50_000).create();      // module APIs
 * TestUser sam = users.user().overHttp().unverified().create();             // the HTTP API
 * }</pre>
 *
 * <p>Two paths make the same user. The default goes through the modules' APIs
 * ({@link IdentityApi}, {@link PaymentsApi}, {@link FundingSourcesApi}, ...) and confirms the
 * address with {@link IdentityTestHooks#verify} instead of waiting for the e-mail: no HTTP, no
 * outbox round trip, hence fast. {@link Builder#overHttp()} registers, reads the link from the
 * dev mailbox, signs in and tops up over the public HTTP API, for tests whose subject is that
 * behaviour (or that must not depend on test hooks). Tests of registration, verification and
 * sign-in themselves do not use this class at all; tests that count sign-ins or devices use
 * {@link Builder#withoutSignIn()}.
 *
 * <p>Either way the result carries an API bearer token; {@link #webSession} gives the value of
 * the browser's session cookie ({@link IdentityApi#SESSION_COOKIE}).
 */
@Component
public class TestUsers {

  public static final String PASSWORD = "Velvet-Otter-Harbor-7193";
  /** The operator token the test configuration accepts on the admin API. */
  public static final String OPERATOR_TOKEN = "test-admin-token";
  public static final String VISA = "4242424242424242";
  static final String IP = "127.0.0.1";
  static final String USER_AGENT = "okpay-tests";
  static final Duration WALLET_WAIT = Duration.ofSeconds(10);
  static final Duration POLL_INTERVAL = Duration.ofMillis(10);

  /**
   * A user made by the fixture.
   *
   * @param id null only on the HTTP path without a sign-in
   * @param token an API bearer token; null with {@code withoutSignIn()}
   * @param totpSecret the authenticator app's secret (base32), null without two-factor
   * @param phone the confirmed phone number (E.164), null without one
   * @param current the signed-in user as modules see it; null on the HTTP path or without a
   *     sign-in
   */
  public record TestUser(UUID id, String email, String password, String token, String currency,
      Role role, String totpSecret, String phone, CurrentUser current) {
  }

  /** The steps a path must offer; both paths run them in the same order. */
  interface Steps {
    void register(String email, String displayName, String country, String currency);

    /** Confirms the address; the wallet is open by the time sign-in answers. */
    void verify(String email);

    /** The id of a registered address, or null when the path learns it only by signing in. */
    UUID userId(String email);

    void setRole(UUID userId, Role role);

    /**
     * Signs in for an API token; answers the user with its id and token (and, on the module
     * path, the module's view of the signed-in user).
     */
    TestUser signIn(TestUser user);

    /** Switches two-factor on; answers the base32 secret. */
    String enrolTwoFactor(TestUser user);

    /** Sets and confirms a new phone number; answers it. */
    String confirmPhone(TestUser user);

    void fund(TestUser user, long amountMinor);
  }

  private final Steps modules;
  private final Environment environment;
  private final JsonMapper json;
  private final DevMailbox mailbox;
  private final IdentityApi identity;

  @Autowired
  TestUsers(IdentityApi identity, IdentityTestHooks hooks, TwoFactorApi twoFactor, PhoneApi phones,
      PaymentsApi payments, FundingSourcesApi sources, ObjectProvider<DevMailbox> mailboxes,
      JsonMapper json, Environment environment) {
    // Contexts that send e-mail over SMTP (GreenMail tests) have no development mailbox; they
    // make no users with this fixture, so it is only needed where it exists.
    DevMailbox mailbox = mailboxes.getIfAvailable();
    this.modules = new TestUsersModules(identity, hooks, twoFactor, phones, payments, sources,
        mailbox);
    this.identity = identity;
    this.environment = environment;
    this.json = json;
    this.mailbox = mailbox;
  }

  /** A builder of a verified USD customer without money, made through the module APIs. */
  public Builder user() {
    return new Builder(modules, () -> new TestUsersHttp(port(), json, mailbox));
  }

  /**
   * Only the HTTP path, for code that has no application context at hand (the old
   * {@code MoneyFixture} constructor).
   */
  public static Builder overHttp(int port, JsonMapper json, DevMailbox mailbox) {
    TestUsersHttp http = new TestUsersHttp(port, json, mailbox);
    return new Builder(http, () -> http);
  }

  /** Signs the user in as a browser does; answers the session cookie's value. */
  public String webSession(TestUser user) {
    SecondFactor second = user.totpSecret() == null ? SecondFactor.NONE
        : SecondFactor.of(TotpTestCodes.code(user.totpSecret(), 1));
    return identity.signIn(user.email(), user.password(), second, SessionKind.WEB, IP,
        USER_AGENT).token();
  }

  private int port() {
    return environment.getRequiredProperty("local.server.port", Integer.class);
  }

  /**
   * Waits, bounded, for something an event listener does just after a commit. It is usually
   * done within milliseconds: polling from the start every 10 ms instead of Awaitility's default
   * first look after 100 ms saves about 100 ms a user.
   */
  static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(WALLET_WAIT).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL)
        .until(condition);
  }

  /** What the user should be; {@link #create()} makes it. */
  public static final class Builder {

    private Steps steps;
    private final java.util.function.Supplier<Steps> http;
    private boolean verified = true;
    private String currency = "USD";
    private String country = "US";
    private String displayName = "Pat";
    private long fundedMinor;
    private boolean twoFactor;
    private boolean phone;
    private Role role = Role.CUSTOMER;
    private boolean signedIn = true;

    Builder(Steps steps, java.util.function.Supplier<Steps> http) {
      this.steps = steps;
      this.http = http;
    }

    /** Makes the user over the public HTTP API instead of the module APIs. */
    public Builder overHttp() {
      steps = http.get();
      return this;
    }

    /** Never confirms the address: low limits, no wallet until a balance is opened. */
    public Builder unverified() {
      verified = false;
      return this;
    }

    /** The default currency given at registration (the wallet's currency). */
    public Builder currency(String code) {
      currency = code;
      return this;
    }

    /** The name given at registration; pages show it, e.g. as a new card's holder. */
    public Builder displayName(String name) {
      displayName = name;
      return this;
    }

    public Builder country(String code) {
      country = code;
      return this;
    }

    /** Tops up this much from a new Visa test card, in the user's currency. */
    public Builder funded(long amountMinor) {
      fundedMinor = amountMinor;
      return this;
    }

    public Builder twoFactor() {
      twoFactor = true;
      return this;
    }

    public Builder phone() {
      phone = true;
      return this;
    }

    public Builder role(Role value) {
      role = value;
      return this;
    }

    /**
     * Makes the user but does not sign in: no token, and nothing in the login history or the
     * list of devices (for tests that count sign-ins). The HTTP path cannot learn the id then.
     */
    public Builder withoutSignIn() {
      signedIn = false;
      return this;
    }

    public TestUser create() {
      if (!signedIn && (fundedMinor > 0 || twoFactor || phone)) {
        throw new IllegalStateException("funding, two-factor and a phone need a signed-in user");
      }
      String email = "u-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
      steps.register(email, displayName, country, currency);
      if (verified) {
        steps.verify(email);
      }
      UUID id = steps.userId(email);
      if (id != null && role != Role.CUSTOMER) {
        steps.setRole(id, role); // before the sign-in, so the session is a staff session
      }
      TestUser user = new TestUser(id, email, PASSWORD, null, currency, role, null, null, null);
      return signedIn ? signedIn(user, id == null && role != Role.CUSTOMER) : user;
    }

    private TestUser signedIn(TestUser registered, boolean roleNeedsTheId) {
      TestUser user = steps.signIn(registered);
      if (roleNeedsTheId) {
        steps.setRole(user.id(), role);
        // Staff get shorter sessions from sign-in on: sign in again as one.
        user = steps.signIn(user);
      }
      if (fundedMinor > 0) {
        steps.fund(user, fundedMinor);
      }
      String email = user.email();
      if (twoFactor) {
        user = new TestUser(user.id(), email, PASSWORD, user.token(), currency, role,
            steps.enrolTwoFactor(user), null, user.current());
      }
      if (phone) {
        user = new TestUser(user.id(), email, PASSWORD, user.token(), currency, role,
            user.totpSecret(), steps.confirmPhone(user), user.current());
      }
      return user;
    }
  }
}
