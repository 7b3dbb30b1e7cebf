package org.okpay.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.notify.DevMailbox;
import org.okpay.notify.MailboxMessage;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** E-mail subscription to incidents: double opt-in, incident e-mails, unsubscribe. */
@OkPayTest
class StatusSubscriptionTest {

  /** A documentation address (RFC 5737), so these subscriptions count against nobody else. */
  private static final String IP = "192.0.2.61";

  @LocalServerPort int port;
  @Autowired StatusApi status;
  @Autowired DevMailbox mailbox;
  @Autowired JdbcClient jdbc;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void cleanUp() {
    jdbc.sql("update status.incidents set resolved_at = now() where resolved_at is null").update();
  }

  @Test
  void confirmedSubscribersHearOfIncidentsUntilTheyUnsubscribe() throws Exception {
    String email = "sub-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    String unconfirmed = "unc-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    status.subscribe(email, Locale.ENGLISH, IP);
    status.subscribe(unconfirmed, Locale.ENGLISH, IP);
    MailboxMessage confirmation = newest(email, "Confirm your OKPay status subscription");
    assertThat(page(confirmation.links().getFirst())).contains("You are subscribed");

    String title = "Payments slow " + UUID.randomUUID();
    status.openIncident(title, Set.of(StatusComponent.P2P_PAYMENTS), ComponentState.DEGRADED,
        "We are looking into slow payments.");
    MailboxMessage incident = newest(email, title);
    assertThat(incident.text()).contains("We are looking into slow payments.");
    assertThat(outboxCount(unconfirmed)).isEqualTo(1); // its own confirmation only

    String unsubscribe = incident.links().stream().filter(l -> l.contains("/status/unsubscribe"))
        .findFirst().orElseThrow();
    assertThat(page(unsubscribe)).contains("You are unsubscribed");
    status.openIncident("Another " + UUID.randomUUID(), Set.of(StatusComponent.API),
        ComponentState.DEGRADED, "Second incident.");
    assertThat(outboxCount(email)).isEqualTo(2); // confirmation and the first incident
    assertThat(page(unsubscribe)).contains("not valid any more");
  }

  @Test
  void everyUpdateIsMailedWithItsPhaseAndTheUnsubscribeLink() throws Exception {
    String email = "upd-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    String chinese = "zh-" + UUID.randomUUID().toString().substring(0, 10) + "@example.com";
    status.subscribe(email, Locale.ENGLISH, IP);
    status.subscribe(chinese, Locale.SIMPLIFIED_CHINESE, IP);
    page(newest(email, "Confirm your OKPay status subscription").links().getFirst());
    page(newest(chinese, "确认").links().getFirst());

    String title = "Bank transfers late " + UUID.randomUUID();
    StatusApi.Incident incident = status.openIncident(title, Set.of(StatusComponent.BANK_TRANSFERS),
        ComponentState.DEGRADED, "Transfers arrive late.");
    status.postUpdate(incident.id(), IncidentPhase.IDENTIFIED, "The clearing house is slow.",
        ComponentState.PARTIAL_OUTAGE);
    status.resolveIncident(incident.id());

    List<MailboxMessage> mails = mailsAbout(email, title, 3);
    assertThat(mails).extracting(MailboxMessage::subject).satisfiesExactly(
        s -> assertThat(s).startsWith("OKPay incident: " + title),
        s -> assertThat(s).startsWith("OKPay incident update: " + title),
        s -> assertThat(s).startsWith("OKPay incident update: " + title));
    assertThat(mails.get(0).text()).contains("Investigating: Transfers arrive late.");
    assertThat(mails.get(1).text()).contains("Identified: The clearing house is slow.");
    assertThat(mails.get(2).text()).contains("Resolved: " + StatusApi.RESOLVED_MESSAGE);
    assertThat(mails).allSatisfy(m -> assertThat(m.links())
        .anyMatch(l -> l.contains("/status/unsubscribe?token=")));
    List<MailboxMessage> inChinese = mailsAbout(chinese, title, 3);
    assertThat(inChinese.get(1).subject()).contains("OKPay 故障进展： " + title);
    assertThat(inChinese.get(1).text()).contains("已查明原因: The clearing house is slow.");
    assertThat(outboxCount(email)).as("confirmation and one e-mail per update").isEqualTo(4);
  }

  @Test
  void aBadAddressIsRefusedWithTheFieldNamed() {
    assertThatThrownBy(() -> status.subscribe("not-an-address", Locale.ENGLISH, IP))
        .isInstanceOfSatisfying(OkPayException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED));
  }

  private MailboxMessage newest(String to, String subjectPart) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(to, 10).stream()
        .filter(m -> m.subject().contains(subjectPart)).findFirst().orElse(null), m -> m != null);
  }

  /** The e-mails to {@code to} about the incident, in the order they were queued. */
  private List<MailboxMessage> mailsAbout(String to, String title, int count) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.latest(to, 10).stream()
        .filter(m -> m.subject().contains(title))
        .sorted(Comparator.comparingLong(MailboxMessage::outboxId)).toList(),
        m -> m.size() == count);
  }

  private int outboxCount(String recipient) {
    return jdbc.sql("select count(*) from notify.outbox where recipient = :r")
        .param("r", recipient).query(Integer.class).single();
  }

  /** Follows an e-mail's link on this test server (links are built without a request here). */
  private String page(String link) throws Exception {
    String path = link.replaceFirst("^https?://[^/]+", "");
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
