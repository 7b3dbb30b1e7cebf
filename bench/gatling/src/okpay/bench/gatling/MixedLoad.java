package okpay.bench.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.exec;
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
import java.time.Duration;
import java.util.UUID;

/**
 * bench/api.sh's mixed workload at a fixed arrival rate (an open model: a new request starts on
 * schedule whether or not earlier ones have answered, so a slow server shows in the latency
 * instead of lowering the load). 70 % reads (balances 30, history's first page 25, a tracker
 * 15), 30 % writes (person-to-person 20, card top-up 10). Settings come as system properties:
 * bench.baseUrl, bench.usersFile (CSV with the header token,email,transactionId,cardId),
 * bench.payeesFile (header payee), bench.rate (requests per
 * second), bench.seconds.
 */
public class MixedLoad extends Simulation {

  private static final String BASE_URL = System.getProperty("bench.baseUrl");
  private static final String USERS = System.getProperty("bench.usersFile");
  /** The same users' addresses under the header {@code payee}, fed separately. */
  private static final String PAYEES = System.getProperty("bench.payeesFile");
  private static final Payees PAYEE_LIST = new Payees(PAYEES);
  private static final double RATE = Double.parseDouble(System.getProperty("bench.rate"));
  private static final int SECONDS = Integer.parseInt(System.getProperty("bench.seconds"));

  private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
      .acceptHeader("application/json").contentTypeHeader("application/json")
      .header("Authorization", "Bearer #{token}").shareConnections();

  private static ChainBuilder p2p() {
    return exec(session -> session.set("key", UUID.randomUUID().toString()))
        .exec(http("p2p").post("/api/v1/me/transfers").header("Idempotency-Key", "#{key}")
            .body(StringBody("{\"recipientEmail\":\"#{payee}\",\"amountMinor\":1,"
                + "\"currency\":\"USD\"}")).check(status().is(201)));
  }

  private static ChainBuilder topUp() {
    return exec(session -> session.set("key", UUID.randomUUID().toString()))
        .exec(http("topup").post("/api/v1/me/topups").header("Idempotency-Key", "#{key}")
            .body(StringBody("{\"cardId\":\"#{cardId}\",\"amountMinor\":500,"
                + "\"currency\":\"USD\"}")).check(status().is(201)));
  }

  private final ScenarioBuilder mixed = scenario("mixed")
      .feed(csv(USERS).random())
      .exec(session -> session.set("payee", PAYEE_LIST.otherThan(session.getString("email"))))
      .exec(randomSwitch().on(
          percent(30).then(exec(http("balances").get("/api/v1/me/balances")
              .check(status().is(200)))),
          percent(25).then(exec(http("history").get("/api/v1/me/transactions?limit=20")
              .check(status().is(200)))),
          percent(15).then(exec(http("tracker").get("/api/v1/me/transactions/#{transactionId}")
              .check(status().is(200)))),
          percent(20).then(p2p()),
          percent(10).then(topUp())));

  {
    setUp(mixed.injectOpen(constantUsersPerSec(RATE).during(Duration.ofSeconds(SECONDS))))
        .protocols(protocol);
  }
}
