package org.okpay.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.okpay.notify.DevMailbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13, item 6: sign-in and "forgot password" answer in the same time whether or not the
 * address has an account. Requests for registered and unknown addresses are sent interleaved
 * in a seeded random order and their time distributions compared: the medians must lie within
 * a band, and a registered address must not be the slower one in most pairs (before the fix:
 * 5 ms against 13 ms, slower in 84 % of pairs). A busy machine adds noise to both sides alike;
 * a round that still misses is measured again, at most {@link #ROUNDS_MAX} times, since a real
 * difference misses every round.
 */
@OkPayTest
class ConstantTimeAnswersTest {

  static final int ADDRESSES = 10;
  static final int TRIES_PER_ADDRESS = 4; // below the lockout's 5, so no answer is a lock
  static final int ROUNDS_MAX = 3;

  @LocalServerPort int port;
  @Autowired JsonMapper json;
  @Autowired DevMailbox mailbox;

  private IdentityHttp api;

  @BeforeEach
  void setUp() {
    api = new IdentityHttp(port, json, mailbox);
  }

  @Test
  void forgotPasswordAnswersInTheSameTimeForAnyAddress() throws Exception {
    List<String> known = registered(ADDRESSES);
    assertSameTime("reset", 2.0, 0.25, known, email -> {
      HttpResponse<String> r = api.post("/api/v1/auth/password-reset", Map.of("email", email),
          null);
      assertThat(r.statusCode()).isEqualTo(202);
    });
  }

  @Test
  void aWrongPasswordAnswersInTheSameTimeForAnyAddress() throws Exception {
    assertSameTime("sign-in", 3.0, 0.10, null, email -> {
      HttpResponse<String> r = api.tokens(email, "Wrong-Password-For-Sure-1", "en");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    });
  }

  interface Request {
    void send(String email) throws Exception;
  }

  /**
   * @param knownAddresses registered addresses to use again each round (null: new ones each
   *     round, for sign-in, whose tries count toward the lockout)
   */
  private void assertSameTime(String name, double bandMinMs, double bandFraction,
      List<String> knownAddresses, Request request) throws Exception {
    long seed = System.nanoTime();
    System.out.println(name + " timing seed=" + seed);
    Random random = new Random(seed);
    String verdict = "";
    for (int round = 1; round <= ROUNDS_MAX; round++) {
      List<String> known = knownAddresses != null ? knownAddresses : registered(ADDRESSES);
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < ADDRESSES; i++) {
        unknown.add("nobody-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com");
      }
      List<String> order = new ArrayList<>();
      for (int t = 0; t < TRIES_PER_ADDRESS; t++) {
        order.addAll(known);
        order.addAll(unknown);
      }
      Collections.shuffle(order, random);
      request.send("warm-up-" + UUID.randomUUID() + "@example.com"); // once before timing
      List<Double> knownMs = new ArrayList<>();
      List<Double> unknownMs = new ArrayList<>();
      for (String email : order) {
        long start = System.nanoTime();
        request.send(email);
        double ms = (System.nanoTime() - start) / 1e6;
        (known.contains(email) ? knownMs : unknownMs).add(ms);
      }
      double a = median(knownMs);
      double b = median(unknownMs);
      double slowerShare = slowerShare(knownMs, unknownMs);
      double band = Math.max(bandMinMs, bandFraction * Math.max(a, b));
      verdict = String.format("%s round %d: median registered %.2f ms, unknown %.2f ms, band"
          + " %.2f ms, registered slower in %.0f %% of pairs", name, round, a, b, band,
          100 * slowerShare);
      System.out.println(verdict);
      if (Math.abs(a - b) <= band && slowerShare <= 0.75) {
        return;
      }
    }
    throw new AssertionError("answers tell registered addresses apart: " + verdict);
  }

  private List<String> registered(int count) throws Exception {
    List<String> emails = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      emails.add(api.registered());
    }
    return emails;
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The share of (registered, unknown) pairs in which the registered address was slower. */
  private static double slowerShare(List<Double> known, List<Double> unknown) {
    double[] b = unknown.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(b);
    long slower = 0;
    for (double a : known) {
      int below = Arrays.binarySearch(b, a);
      slower += below >= 0 ? below : -below - 1;
    }
    return (double) slower / ((long) known.size() * b.length);
  }
}
