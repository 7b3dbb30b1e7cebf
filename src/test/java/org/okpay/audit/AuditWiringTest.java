package org.okpay.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.merchants.TestMerchants;
import org.okpay.shared.OkPayException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The modules append their security- and money-relevant actions: identity's sign-ins (good and
 * bad) and role changes, merchants' API keys, the status page's incidents. Each with the right
 * actor and subject, and no secret in the details.
 */
@OkPayTest
class AuditWiringTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired TestMerchants merchants;
  @Autowired IdentityApi identity;
  @Autowired AuditApi audit;
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void signInsGoodAndBadAreLoggedWithoutThePassword() {
    TestUser user = users.user().create();
    assertThatThrownBy(() -> identity.signIn(user.email(), "Wrong-Password-123", IdentityApi.SessionKind.API,
        "203.0.113.9", "test agent")).isInstanceOf(OkPayException.class);

    List<AuditEntry> about = events(new AuditQuery("identity.sign_in", null, "user",
        user.id().toString(), null, null, null, null, 50));
    assertThat(about).extracting(AuditEntry::action)
        .contains("identity.sign_in", "identity.sign_in_failed");
    AuditEntry failed = about.stream().filter(e -> e.action().equals("identity.sign_in_failed"))
        .findFirst().orElseThrow();
    assertThat(failed.details()).containsEntry("reason", "wrong_password")
        .containsEntry("ip", "203.0.113.9");
    AuditEntry ok = about.stream().filter(e -> e.action().equals("identity.sign_in"))
        .findFirst().orElseThrow();
    assertThat(ok.actorType()).isEqualTo("user");
    assertThat(ok.actorId()).isEqualTo(user.id().toString());
    assertThat(about).allSatisfy(e -> assertThat(e.details().values().toString())
        .doesNotContain(user.password()).doesNotContain("Wrong-Password-123"));
  }

  @Test
  void aRoleChangeNamesTheAdminWhoMadeIt() throws Exception {
    TestUser admin = users.user().role(Role.ADMIN).create();
    TestUser user = users.user().create();

    HttpResponse<String> changed = send("PUT", "/api/v1/admin/users/" + user.id() + "/role",
        "{\"role\":\"agent\"}", admin.token());

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    AuditEntry row = events(new AuditQuery("identity.role_changed", null, "user",
        user.id().toString(), null, null, null, null, 5)).getFirst();
    assertThat(row.actorType()).isEqualTo("admin");
    assertThat(row.actorId()).isEqualTo(admin.id().toString());
    assertThat(row.details()).containsEntry("from", "customer").containsEntry("to", "agent");
  }

  @Test
  void anApiKeyIsLoggedByIdWithoutItsSecret() {
    TestMerchants.Created shop = merchants.merchant().create();

    List<AuditEntry> keys = events(new AuditQuery("merchants.api_key_created",
        shop.owner().id().toString(), null, null, null, null, null, null, 10));
    assertThat(keys).hasSize(1);
    assertThat(keys.getFirst().subjectType()).isEqualTo("api_key");
    assertThat(keys.getFirst().details()).containsEntry("merchant", shop.merchantId().toString())
        .containsEntry("kind", "secret");
    assertThat(keys.getFirst().details().values().toString()).doesNotContain(shop.secretKey());
  }

  @Test
  void incidentsAreConfigurationChangesByTheirAdmin() throws Exception {
    TestUser admin = users.user().role(Role.ADMIN).create();
    HttpResponse<String> opened = send("POST", "/api/v1/admin/status/incidents", """
        {"title":"Audit test incident","components":["api"],"impact":"degraded",
         "message":"Checking the audit log."}""", admin.token());
    assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
    String id = json.readTree(opened.body()).get("id").asString();
    assertThat(send("POST", "/api/v1/admin/status/incidents/" + id + "/resolve", null,
        admin.token()).statusCode()).isEqualTo(200);

    List<AuditEntry> rows = events(new AuditQuery("status.incident", null, "incident", id, null,
        null, null, null, 10));
    assertThat(rows).extracting(AuditEntry::action)
        .containsExactly("status.incident_updated", "status.incident_opened");
    assertThat(rows).allSatisfy(e -> {
      assertThat(e.actorType()).isEqualTo("admin");
      assertThat(e.actorId()).isEqualTo(admin.id().toString());
    });
    assertThat(rows.getFirst().details()).containsEntry("phase", "resolved");
  }

  private List<AuditEntry> events(AuditQuery query) {
    return audit.events(query).entries();
  }

  private HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json").header("Accept-Language", "en")
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
