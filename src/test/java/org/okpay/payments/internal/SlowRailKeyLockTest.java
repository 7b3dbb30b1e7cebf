package org.okpay.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.SeparateTestDatabase;
import org.okpay.TestUsers;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.okpay.payments.PaymentRail;
import org.okpay.payments.Rail;
import org.okpay.payments.RailOutcome;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotency key lock is not held across the rail call: while one user's card charge hangs
 * at the rail, another user whose key falls in the same lock stripe pays at once. The rail here
 * is the sandbox behind a gate that holds charges of one card (last digits 4444) until the test
 * opens it; it gets a context and a database of its own so no other test meets the gate.
 */
@OkPayTest
@DirtiesContext
@Import(SlowRailKeyLockTest.GatedRailConfiguration.class)
class SlowRailKeyLockTest {

  private static final String SLOW_CARD = "5555555555554444";
  private static final long WAIT_SECONDS_MAX = 20;
  private static final int KEY_SEARCH_MAX = 1_000_000;

  @DynamicPropertySource
  static void ownDatabase(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> SeparateTestDatabase.url("slowrail"));
  }

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired KeyLocks keyLocks;
  @Autowired Gate gate;

  @Test
  void aSlowRailForOneUserDoesNotDelayAnotherOnTheSameStripe() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User slow = money.user("USD");
    User fast = money.user("USD");
    String slowCard = money.addCard(slow, SLOW_CARD);
    String fastCard = money.addCard(fast, MoneyFixture.VISA);
    String slowKey = "slow-" + UUID.randomUUID();
    String fastKey = keyOnSameStripe(userId(money, slow), slowKey, userId(money, fast));

    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<HttpResponse<String>> slowTopUp = pool.submit(() -> money.send("POST",
          "/api/v1/me/topups", Map.of("cardId", slowCard, "amountMinor", 1_000,
              "currency", "USD"), slow.token(), slowKey));
      assertThat(gate.entered.await(WAIT_SECONDS_MAX, TimeUnit.SECONDS))
          .as("the slow user's charge reached the rail").isTrue();

      Future<HttpResponse<String>> fastTopUp = pool.submit(() -> money.send("POST",
          "/api/v1/me/topups", Map.of("cardId", fastCard, "amountMinor", 2_000,
              "currency", "USD"), fast.token(), fastKey));
      HttpResponse<String> fastAnswer = fastTopUp.get(WAIT_SECONDS_MAX, TimeUnit.SECONDS);

      assertThat(fastAnswer.statusCode()).as(fastAnswer.body()).isEqualTo(201);
      assertThat(slowTopUp.isDone()).as("the slow charge is still held at the rail").isFalse();
      assertThat(money.balance(fast, "USD")).isEqualTo(2_000);

      gate.release.countDown();
      HttpResponse<String> slowAnswer = slowTopUp.get(WAIT_SECONDS_MAX, TimeUnit.SECONDS);
      assertThat(slowAnswer.statusCode()).as(slowAnswer.body()).isEqualTo(201);
      assertThat(money.balance(slow, "USD")).isEqualTo(1_000);
    } finally {
      gate.release.countDown();
    }
  }

  private String keyOnSameStripe(UUID slowUser, String slowKey, UUID fastUser) {
    for (int i = 0; i < KEY_SEARCH_MAX; i++) {
      String candidate = "fast-" + i;
      if (keyLocks.of(fastUser, candidate) == keyLocks.of(slowUser, slowKey)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no key on the same stripe in " + KEY_SEARCH_MAX);
  }

  private static UUID userId(MoneyFixture money, User user) throws Exception {
    return UUID.fromString(money.get(user, "/api/v1/me").get("id").asString());
  }

  /** Holds charges of the slow card until released; counts when one arrives. */
  static class Gate {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    void pass(PaymentRail.CardToken card) {
      if (!card.last4().equals(SLOW_CARD.substring(SLOW_CARD.length() - 4))) {
        return;
      }
      entered.countDown();
      try {
        if (!release.await(WAIT_SECONDS_MAX * 2, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class GatedRailConfiguration {

    @Bean
    Gate gate() {
      return new Gate();
    }

    @Bean
    @Primary
    PaymentRail gatedRail(@Qualifier("sandboxRail") PaymentRail sandbox, Gate gate) {
      return new PaymentRail() {
        @Override
        public CardToken tokenizeCard(String number, int expiryMonth, int expiryYear,
            String cvc) {
          return sandbox.tokenizeCard(number, expiryMonth, expiryYear, cvc);
        }

        @Override
        public CardToken updateCard(CardToken card, int expiryMonth, int expiryYear,
            String cvc) {
          return sandbox.updateCard(card, expiryMonth, expiryYear, cvc);
        }

        @Override
        public RailOutcome chargeCard(String reference, CardToken card, long amountMinor,
            Currency currency) {
          gate.pass(card);
          return sandbox.chargeCard(reference, card, amountMinor, currency);
        }

        @Override
        public BankCheck checkBankAccount(BankAccountDetails account) {
          return sandbox.checkBankAccount(account);
        }

        @Override
        public RailOutcome collect(String reference, BankAccountDetails from, long amountMinor,
            Currency currency) {
          return sandbox.collect(reference, from, amountMinor, currency);
        }

        @Override
        public RailOutcome payout(String reference, Rail rail, BankAccountDetails to,
            long amountMinor, Currency currency) {
          return sandbox.payout(reference, rail, to, amountMinor, currency);
        }

        @Override
        public RailOutcome status(String reference) {
          return sandbox.status(reference);
        }

        @Override
        public Instant expectedArrival(Rail rail) {
          return sandbox.expectedArrival(rail);
        }

        @Override
        public Instant now() {
          return sandbox.now();
        }
      };
    }
  }
}
