package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.TestUsers;
import org.okpay.identity.IdentityApi;
import org.okpay.identity.PhoneCodes;
import org.okpay.notify.DevMailbox;
import org.okpay.payments.MoneyFixture;
import org.okpay.payments.MoneyFixture.User;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's phone number over the API: set, the code by e-mail, confirm, remove; wrong codes, dead
 * codes, invalid numbers, a number that is someone else's, and codes that are someone else's.
 */
@OkPayTest
class PhoneApiTest {

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired TestUsers testUsers;
  @Autowired DevMailbox mailbox;
  @Autowired JdbcClient jdbc;
  @Autowired IdentityApi identity;

  MoneyFixture users;

  @BeforeEach
  void setUp() {
    users = new MoneyFixture(port, json, testUsers);
  }

  @Test
  void aNumberIsSetConfirmedWithTheEmailedCodeAndFoundOnlyThen() throws Exception {
    User pat = users.user("USD");
    String phone = PhoneCodes.newChineseMobile();

    HttpResponse<String> set = put(pat, PhoneCodes.spaced(phone));

    assertThat(set.statusCode()).as(set.body()).isEqualTo(202);
    JsonNode me = users.get(pat, "/api/v1/me");
    assertThat(me.get("phone").asString()).isEqualTo(phone);
    assertThat(me.get("phoneConfirmed").asBoolean()).isFalse();
    assertThat(identity.payableUser(phone)).isEmpty();
    String code = PhoneCodes.code(mailbox, pat.email(), 1);
    assertThat(PhoneCodes.codeMails(mailbox, pat.email()).getFirst().text())
        .contains(PhoneCodes.spaced(phone), "cannot send text messages");

    HttpResponse<String> confirmed = confirm(pat, code);

    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    assertThat(users.read(confirmed).get("confirmed").asBoolean()).isTrue();
    me = users.get(pat, "/api/v1/me");
    assertThat(me.get("phoneConfirmed").asBoolean()).isTrue();
    String userId = me.get("id").asString();
    assertThat(identity.payableUser(phone).orElseThrow().userId().toString()).isEqualTo(userId);
    assertThat(identity.payableUser(PhoneCodes.spaced(phone)).orElseThrow().phone())
        .isEqualTo(phone);
    // Without '+' a number is read in a country: none given, none found; China's, found.
    String national = phone.substring(3);
    assertThat(identity.payableUser(national)).isEmpty();
    assertThat(identity.payableUser(national, "CN")).isPresent();
    assertThat(identity.payableUser(national, "US")).isEmpty();
    // The code was single use.
    assertProblem(confirm(pat, code), 410, "phone_code_expired");
    // The same number again: nothing to confirm, no new code.
    assertThat(put(pat, phone).statusCode()).isEqualTo(200);
    assertThat(PhoneCodes.codeMails(mailbox, pat.email())).hasSize(1);
  }

  @Test
  void aNumberWithoutPlusIsReadInTheUsersCountry() throws Exception {
    User pat = users.user("USD"); // registered in the US
    String local = PhoneCodes.newUsNational();

    assertThat(put(pat, "(" + local.substring(0, 3) + ") " + local.substring(3, 6) + "-"
        + local.substring(6)).statusCode()).isEqualTo(202);

    assertThat(users.get(pat, "/api/v1/me").get("phone").asString()).isEqualTo("+1" + local);
  }

  @Test
  void fiveWrongCodesKillTheCodeAndANewOneWorks() throws Exception {
    User pat = users.user("USD");
    String phone = PhoneCodes.newChineseMobile();
    put(pat, phone);
    String code = PhoneCodes.code(mailbox, pat.email(), 1);
    String wrong = code.equals("000000") ? "111111" : "000000";

    for (int triesLeft = 4; triesLeft >= 0; triesLeft--) {
      HttpResponse<String> response = confirm(pat, wrong);
      assertProblem(response, 422, "phone_code_wrong");
      assertThat(users.read(response).get("triesLeft").asInt()).isEqualTo(triesLeft);
    }

    assertProblem(confirm(pat, code), 410, "phone_code_expired");
    assertThat(users.get(pat, "/api/v1/me").get("phoneConfirmed").asBoolean()).isFalse();
    assertThat(put(pat, phone).statusCode()).isEqualTo(202);
    assertThat(confirm(pat, PhoneCodes.code(mailbox, pat.email(), 2)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void invalidNumbersAreRefusedWithTheField() throws Exception {
    User pat = users.user("USD");
    Map<String, String> refused = Map.of(
        "12345", "format",
        "call me", "format",
        "+86 12", "format",
        "1-800-FLOWERS", "format",
        "+86 139 1234 5678 9999 0000 1111 2222 3333 4444", "format",
        "", "format",
        "+44 20 7946 0958", "not_mobile", // a London landline
        "+1 800 555 0199", "not_mobile"); // toll-free
    for (var entry : refused.entrySet()) {
      HttpResponse<String> response = put(pat, entry.getKey());
      assertProblem(response, 400, "phone_invalid");
      JsonNode problem = users.read(response);
      assertThat(problem.get("field").asString()).isEqualTo("phone");
      assertThat(problem.get("reason").asString()).as(entry.getKey()).isEqualTo(entry.getValue());
      assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("phone");
    }
    Map<String, Object> noPhone = new HashMap<>();
    noPhone.put("phone", null);
    assertProblem(users.send("PUT", "/api/v1/me/phone", noPhone, pat.token(), null), 400,
        "phone_invalid");
    assertThat(users.get(pat, "/api/v1/me").hasNonNull("phone")).isFalse();
  }

  @Test
  void anotherUsersNumberIsAnsweredAlikeButGetsNoCodeAndCannotBeConfirmed() throws Exception {
    User owner = users.user("USD");
    User other = users.user("USD");
    User third = users.user("USD");
    String phone = PhoneCodes.newChineseMobile();
    put(owner, phone);
    confirm(owner, PhoneCodes.code(mailbox, owner.email(), 1));

    HttpResponse<String> claimed = put(other, phone);

    HttpResponse<String> free = put(third, PhoneCodes.newChineseMobile());
    assertThat(claimed.statusCode()).isEqualTo(free.statusCode()).isEqualTo(202);
    assertThat(claimed.body()).isEqualTo(free.body());
    assertThat(codeMailsQueued(third.email())).isEqualTo(1);
    assertThat(codeMailsQueued(other.email())).isZero();
    JsonNode otherMe = users.get(other, "/api/v1/me");
    assertThat(otherMe.get("phone").asString()).isEqualTo(phone);
    assertThat(otherMe.get("phoneConfirmed").asBoolean()).isFalse();
    // Guessing looks like guessing at a free number: "wrong", with tries counted.
    HttpResponse<String> guess = confirm(other, "123456");
    assertProblem(guess, 422, "phone_code_wrong");
    assertThat(users.read(guess).get("triesLeft").asInt()).isEqualTo(4);
    String ownerId = users.get(owner, "/api/v1/me").get("id").asString();
    assertThat(identity.payableUser(phone).orElseThrow().userId().toString()).isEqualTo(ownerId);
  }

  @Test
  void theSameNumberCannotBeConfirmedByTwoUsers() throws Exception {
    User first = users.user("USD");
    User second = users.user("USD");
    String phone = PhoneCodes.newChineseMobile();
    put(first, phone);
    put(second, phone); // nobody has confirmed it yet: both get a code
    String firstCode = PhoneCodes.code(mailbox, first.email(), 1);
    String secondCode = PhoneCodes.code(mailbox, second.email(), 1);

    assertThat(confirm(first, firstCode).statusCode()).isEqualTo(200);
    assertProblem(confirm(second, secondCode), 409, "phone_taken");

    String firstId = users.get(first, "/api/v1/me").get("id").asString();
    assertThat(identity.payableUser(phone).orElseThrow().userId().toString()).isEqualTo(firstId);
    assertThat(users.get(second, "/api/v1/me").get("phoneConfirmed").asBoolean()).isFalse();
    assertThat(jdbc.sql("select count(*) from identity.users where phone = :p"
        + " and phone_confirmed_at is not null").param("p", phone).query(Long.class).single())
        .isEqualTo(1);
  }

  @Test
  void aUserCannotConfirmWithACodeSentToAnotherUser() throws Exception {
    User alice = users.user("USD");
    User bob = users.user("USD");
    put(alice, PhoneCodes.newChineseMobile());
    String bobsPhone = PhoneCodes.newChineseMobile();
    put(bob, bobsPhone);
    String alicesCode = PhoneCodes.code(mailbox, alice.email(), 1);
    String bobsCode = PhoneCodes.code(mailbox, bob.email(), 1);
    if (bobsCode.equals(alicesCode)) {
      return; // one chance in a million: the test would prove nothing
    }

    assertProblem(confirm(alice, bobsCode), 422, "phone_code_wrong");

    assertThat(users.get(alice, "/api/v1/me").get("phoneConfirmed").asBoolean()).isFalse();
    assertThat(identity.payableUser(bobsPhone)).isEmpty();
    assertThat(confirm(bob, bobsCode).statusCode()).isEqualTo(200);
    assertThat(users.get(alice, "/api/v1/me").get("phoneConfirmed").asBoolean()).isFalse();
  }

  @Test
  void removingANumberMakesItUnpayableAndFreeForOthers() throws Exception {
    User pat = users.user("USD");
    String phone = PhoneCodes.newChineseMobile();
    put(pat, phone);
    confirm(pat, PhoneCodes.code(mailbox, pat.email(), 1));

    HttpResponse<String> removed = users.send("DELETE", "/api/v1/me/phone", null, pat.token(),
        null);

    assertThat(removed.statusCode()).isEqualTo(204);
    assertThat(users.get(pat, "/api/v1/me").hasNonNull("phone")).isFalse();
    assertThat(identity.payableUser(phone)).isEmpty();
    User next = users.user("USD");
    put(next, phone);
    assertThat(confirm(next, PhoneCodes.code(mailbox, next.email(), 1)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void anUnconfirmedEmailAddressCannotReceiveACode() throws Exception {
    User pat = users.unverifiedUser("USD");

    assertProblem(put(pat, PhoneCodes.newChineseMobile()), 409, "email_not_verified");
    assertThat(users.get(pat, "/api/v1/me").hasNonNull("phone")).isFalse();
  }

  @Test
  void codesAreLimitedPerHour() throws Exception {
    User pat = users.user("USD");
    for (int i = 0; i < 5; i++) {
      assertThat(put(pat, PhoneCodes.newChineseMobile()).statusCode()).isEqualTo(202);
    }

    HttpResponse<String> sixth = put(pat, PhoneCodes.newChineseMobile());

    assertProblem(sixth, 429, "rate_limited");
    assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void theCodeIsStoredHashedAndTheSignedOutAreRefused() throws Exception {
    User pat = users.user("USD");
    put(pat, PhoneCodes.newChineseMobile());
    String code = PhoneCodes.code(mailbox, pat.email(), 1);
    String userId = users.get(pat, "/api/v1/me").get("id").asString();

    String stored = jdbc.sql("select code_hash from identity.phone_codes where user_id = :u::uuid")
        .param("u", userId).query(String.class).single();

    assertThat(stored).startsWith("$argon2id$").doesNotContain(code);
    assertThat(users.send("PUT", "/api/v1/me/phone", Map.of("phone", "+8613912345678"), null,
        null).statusCode()).isEqualTo(401);
  }

  private long codeMailsQueued(String email) {
    return jdbc.sql("""
        select count(*) from notify.outbox
         where channel = 'email' and recipient = :to and template = 'generic'
           and variables ->> 'subject' like '%phone number%'
        """).param("to", email).query(Long.class).single();
  }

  private HttpResponse<String> put(User user, String phone) throws Exception {
    return users.send("PUT", "/api/v1/me/phone", Map.of("phone", phone), user.token(), null);
  }

  private HttpResponse<String> confirm(User user, String code) throws Exception {
    return users.send("POST", "/api/v1/me/phone/confirm", Map.of("code", code), user.token(),
        null);
  }

  private void assertProblem(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(users.read(response).get("code").asString()).isEqualTo(code);
  }
}
