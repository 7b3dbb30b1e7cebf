package okpay.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.UUID;

/**
 * bench/cluster.sh's load: bench/api.sh's mixed workload at a fixed arrival rate (an open model)
 * with merchant checkouts added, so that webhooks fire, and with the client's side of a crash:
 * a write that got no good answer (a 502 from the proxy when an instance died under it, a 5xx,
 * no answer) is sent again with the <em>same</em> Idempotency-Key, at most {@value #TRIES_MAX}
 * times a second apart, as a careful client does. Reads 65 % (balances 30, history's first page
 * 20, a tracker 15), writes 35 % (person-to-person 20, card top-up 5, checkout 10: the merchant
 * makes a session with its secret key, a prepared user pays it from the USD balance).
 * Settings as system properties: bench.baseUrl, bench.usersFile (token,email,transactionId,cardId),
 * bench.payeesFile (payee), bench.rate (scenarios per second), bench.seconds, bench.merchantKey.
 */
public class ClusterLoad extends Simulation {

  private static final String BASE_URL = System.getProperty("bench.baseUrl");
  private static final String USERS = System.getProperty("bench.usersFile");
  private static final String PAYEES = System.getProperty("bench.payeesFile");
  private static final Payees PAYEE_LIST = new Payees(PAYEES);
  private static final String MERCHANT_KEY = System.getProperty("bench.merchantKey");
  private static final double RATE = Double.parseDouble(System.getProperty("bench.rate"));
  private static final int SECONDS = Integer.parseInt(System.getProperty("bench.seconds"));
  /** One try and two retries with the same key; bounded, as every retry loop. */
  private static final int TRIES_MAX = 3;

  private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
      .acceptHeader("application/json").contentTypeHeader("application/json")
      .header("Authorization", "Bearer #{token}").shareConnections();

  /**
   * A write with a fresh key, sent again with that key (a second after a failure) until it is
   * answered with one of {@code ok}. {@code merchant}: with the merchant's key instead of the
   * payer's token; then the answer's id is kept as {@code sessionId}.
   */
  private static ChainBuilder write(String name, String path, String body, boolean merchant,
      Integer... ok) {
    HttpRequestActionBuilder request = http(name).post(path)
        .header("Idempotency-Key", "#{key}").body(StringBody(body));
    request = merchant
        ? request.header("Authorization", "Bearer " + MERCHANT_KEY)
            .check(status().in(ok), jsonPath("$.id").saveAs("sessionId"))
        : request.check(status().in(ok));
    return exec(session -> session.set("key", UUID.randomUUID().toString()))
        .tryMax(TRIES_MAX, "try").on(
            doIf(session -> session.getInt("try") > 0).then(pause(Duration.ofSeconds(1)))
                .exec(request));
  }

  private static ChainBuilder checkout() {
    return write("checkout_session", "/api/v1/merchant/checkout/sessions",
        "{\"amountMinor\":100,\"currency\":\"USD\",\"description\":\"bench\"}", true,
        200, 201)
        .exitHereIfFailed()
        .exec(write("checkout_pay", "/api/v1/me/checkout/sessions/#{sessionId}/payment",
            "{\"payFrom\":\"USD\"}", false, 200, 201, 202));
  }

  private final ScenarioBuilder mixed = scenario("cluster")
      .feed(csv(USERS).random())
      .exec(session -> session.set("payee", PAYEE_LIST.otherThan(session.getString("email"))))
      .exec(randomSwitch().on(
          percent(30).then(exec(http("balances").get("/api/v1/me/balances")
              .check(status().is(200)))),
          percent(20).then(exec(http("history").get("/api/v1/me/transactions?limit=20")
              .check(status().is(200)))),
          percent(15).then(exec(http("tracker").get("/api/v1/me/transactions/#{transactionId}")
              .check(status().is(200)))),
          percent(20).then(write("p2p", "/api/v1/me/transfers",
              "{\"recipientEmail\":\"#{payee}\",\"amountMinor\":1,\"currency\":\"USD\"}", false,
              200, 201, 202)),
          percent(5).then(write("topup", "/api/v1/me/topups",
              "{\"cardId\":\"#{cardId}\",\"amountMinor\":500,\"currency\":\"USD\"}", false,
              200, 201, 202)),
          percent(10).then(checkout())));

  {
    setUp(mixed.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
        .protocols(protocol);
  }
}
