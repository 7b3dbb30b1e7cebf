package org.okpay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.okpay.TestUsers.TestUser;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.Role;
import org.okpay.payments.PaymentsApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fixture makes what it is asked for, the same way on both paths. */
@OkPayTest
class TestUsersTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers users;
  @Autowired IdentityApi identity;
  @Autowired PaymentsApi payments;

  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest(name = "over HTTP: {0}")
  @ValueSource(booleans = {false, true})
  void aFundedUserWithTwoFactorAndAPhoneIsWhatWasAsked(boolean overHttp) throws Exception {
    TestUsers.Builder builder = users.user().currency("EUR").country("DE").funded(12_345)
        .twoFactor().phone();
    TestUser user = (overHttp ? builder.overHttp() : builder).create();

    assertThat(payments.balances(user.id())).singleElement().satisfies(b -> {
      assertThat(b.currency().getCurrencyCode()).isEqualTo("EUR");
      assertThat(b.available().amountMinor()).isEqualTo(12_345);
    });
    JsonNode me = me(user.token());
    assertThat(me.get("email").asString()).isEqualTo(user.email());
    assertThat(me.get("emailVerified").asBoolean()).isTrue();
    assertThat(me.get("twoFactorEnabled").asBoolean()).isTrue();
    assertThat(me.get("phone").asString()).isEqualTo(user.phone());
    assertThat(me.get("phoneConfirmed").asBoolean()).isTrue();
    assertThat(user.totpSecret()).isNotBlank();
    assertThat(user.current() != null).isEqualTo(!overHttp);
  }

  @ParameterizedTest(name = "over HTTP: {0}")
  @ValueSource(booleans = {false, true})
  void aStaffUserIsSignedInAsOne(boolean overHttp) throws Exception {
    TestUsers.Builder builder = users.user().role(Role.AGENT);
    TestUser agent = (overHttp ? builder.overHttp() : builder).create();

    assertThat(me(agent.token()).get("role").asString()).isEqualTo("agent");
    assertThat(agent.role()).isEqualTo(Role.AGENT);
  }

  @Test
  void anUnverifiedUserWithoutSignInHasNoWalletAndNoToken() {
    TestUser user = users.user().unverified().withoutSignIn().create();

    assertThat(user.token()).isNull();
    assertThat(identity.contact(user.id())).hasValueSatisfying(c ->
        assertThat(c.emailVerified()).isFalse());
    assertThat(payments.balances(user.id())).isEmpty();
  }

  @Test
  void theWebSessionOpensTheAccountPage() throws Exception {
    TestUser user = users.user().create();

    HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/account"))
        .header("Accept", "text/html")
        .header("Cookie", IdentityApi.SESSION_COOKIE + "=" + users.webSession(user)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(user.email());
  }

  private JsonNode me(String token) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/v1/me"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
