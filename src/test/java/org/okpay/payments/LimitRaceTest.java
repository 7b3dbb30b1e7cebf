package org.okpay.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.ledger.LedgerApi;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** Payments racing for the last of a limit: exactly as many pass as fit, however they arrive. */
@OkPayTest
class LimitRaceTest {

  static final int RACERS = 40;
  static final long EACH_MINOR = 300;

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired LedgerApi ledger;
  @Autowired PricingApi pricing;

  @Test
  void concurrentPaymentsNeverPassTheDailyLimitTogether() throws Exception {
    MoneyFixture money = new MoneyFixture(port, json, users);
    User newcomer = money.unverifiedUser("USD");
    User friend = money.user("USD");
    long daily = pricing.limit(Operation.P2P, false).dailyMinor();
    money.fund(newcomer, Math.min(pricing.limit(Operation.TOPUP_CARD, false).dailyMinor(),
        RACERS * EACH_MINOR), "USD");
    long fit = daily / EACH_MINOR;
    assertThat(fit).as("the test needs a limit that some, not all, racers fit under")
        .isBetween(1L, RACERS - 1L);

    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < RACERS; i++) {
        responses.add(pool.submit(() -> {
          start.await();
          return money.post(newcomer, "/api/v1/me/transfers", Map.of("recipientEmail",
              friend.email(), "amountMinor", EACH_MINOR, "currency", "USD"));
        }));
      }
      start.countDown();
    }

    int passed = 0;
    for (Future<HttpResponse<String>> response : responses) {
      HttpResponse<String> done = response.get();
      if (done.statusCode() == 201) {
        passed++;
      } else {
        assertThat(money.read(done).get("code").asString()).as(done.body())
            .isEqualTo("limit_exceeded");
      }
    }
    assertThat(passed).isEqualTo((int) Math.min(fit, RACERS));
    assertThat(money.balance(friend, "USD")).isEqualTo(passed * EACH_MINOR);
    assertThat(ledger.checkInvariants().holds()).isTrue();
  }
}
