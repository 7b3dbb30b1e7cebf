package org.okpay.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A seeded fuzzer driven by the live OpenAPI document: for every operation it sends requests
 * built from the operation's parameters and body schema, most of them with one thing wrong
 * (wrong types, missing fields, huge or fractional numbers, bad UUIDs, broken percent-encoding,
 * odd Content-Type and Accept, non-ASCII header bytes, long strings), and counts the answers that
 * break the API's promise: any 5xx, and any error that is not {@code application/problem+json}
 * with a {@code code}. The same seed sends the same requests in the same order.
 */
final class ApiFuzzer {

  /** Operations whose well-formed call would end the signed-in user's token or account. */
  private static final Set<String> TOKEN_KILLERS = Set.of("POST /api/v1/me/compromised",
      "DELETE /api/v1/auth/tokens/current", "POST /api/v1/me/sessions/revoke-others",
      "POST /api/v1/me/password");
  /** Admin operations whose well-formed call would close money paths for the rest of the run. */
  private static final Set<String> ADMIN_UNSAFE = Set.of("POST /api/v1/admin/status/maintenance",
      "PUT /api/v1/admin/fx/rates");
  private static final int SAMPLES_MAX = 30;

  /** What a run found; {@code samples} are the first offending requests, replayable by seed. */
  record Report(long seed, int requests, int serverErrors, int nonProblem, List<String> samples) {
    String line() {
      return "fuzz requests=" + requests + " 5xx=" + serverErrors + " non_problem=" + nonProblem
          + " seed=" + seed;
    }
  }

  private record Operation(String method, String path, JsonNode spec) {
    String key() {
      return method + " " + path;
    }
  }

  private final RawHttp http;
  private final JsonNode doc;
  private final long seed;
  private final String userToken;
  private final String adminToken;
  private final FuzzValues values;

  ApiFuzzer(RawHttp http, JsonNode doc, long seed, String userToken, String adminToken) {
    this.http = http;
    this.doc = doc;
    this.seed = seed;
    this.userToken = userToken;
    this.adminToken = adminToken;
    this.values = new FuzzValues(doc);
  }

  Report run(int perOperation) throws IOException {
    Random random = new Random(seed);
    List<Operation> operations = operations();
    int requests = 0;
    int serverErrors = 0;
    int nonProblem = 0;
    List<String> samples = new ArrayList<>();
    for (int round = 0; round < perOperation; round++) {
      for (Operation operation : operations) {
        FuzzRequest request = build(operation, random, round);
        RawHttp.Response response = http.send(request.method(), request.target(),
            request.headers(), request.body());
        requests++;
        boolean fiveXx = response.status() >= 500;
        boolean notProblem = response.status() >= 400 && !isProblem(response)
            || response.status() == 0;
        serverErrors += fiveXx ? 1 : 0;
        nonProblem += notProblem ? 1 : 0;
        if ((fiveXx || notProblem) && samples.size() < SAMPLES_MAX) {
          samples.add(response.status() + " " + response.header("content-type") + " <- "
              + request.describe() + " :: " + abbreviate(response.body()));
        }
      }
    }
    return new Report(seed, requests, serverErrors, nonProblem, samples);
  }

  private static boolean isProblem(RawHttp.Response response) {
    String type = response.header("content-type");
    return type != null && type.startsWith("application/problem+json")
        && response.body().contains("\"code\":");
  }

  private List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    // Controllers of the test sources (an endpoint that fails on purpose) are not the API.
    doc.get("paths").properties().stream().filter(path -> !path.getKey().contains("/test/"))
        .forEach(path -> path.getValue().properties().forEach(op -> operations.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
            op.getValue()))));
    operations.sort(java.util.Comparator.comparing(Operation::key));
    return operations;
  }

  private FuzzRequest build(Operation operation, Random random, int round) {
    // Round 0 is well-formed where it can be, so every operation is also reached for real.
    boolean clean = round == 0;
    String path = operation.path();
    StringBuilder query = new StringBuilder();
    List<byte[]> headers = new ArrayList<>();
    for (JsonNode parameter : operation.spec().path("parameters")) {
      String name = parameter.path("name").asString();
      JsonNode schema = parameter.path("schema");
      switch (parameter.path("in").asString()) {
        case "path" -> path = path.replace("{" + name + "}",
            clean || random.nextInt(3) > 0 ? values.plainParameter(name, schema, random)
                : values.oddParameter(random));
        case "query" -> values.query(name, schema, clean, random, query);
        case "header" -> values.header(name, clean, random, headers);
        default -> { }
      }
    }
    if (!clean && random.nextInt(6) == 0) {
      query.append(query.isEmpty() ? "" : "&").append(values.oddQuery(random));
    }
    auth(operation, clean, random, headers);
    values.contentHeaders(clean, random, headers);
    byte[] body = null;
    JsonNode bodySchema = operation.spec().path("requestBody").path("content")
        .path("application/json").path("schema");
    if (!bodySchema.isMissingNode()) {
      headers.add(values.contentType(clean, random));
      body = values.body(bodySchema, clean, random);
    } else if (!clean && random.nextInt(5) == 0) {
      headers.add(values.contentType(false, random));
      body = "{\"unexpected\":true}".getBytes(StandardCharsets.UTF_8);
    }
    String target = path + (query.isEmpty() ? "" : "?" + query);
    return new FuzzRequest(operation.method(), target.getBytes(StandardCharsets.ISO_8859_1),
        headers, body);
  }

  private void auth(Operation operation, boolean clean, Random random, List<byte[]> headers) {
    String path = operation.path();
    String token = null;
    if (path.startsWith("/api/v1/admin/") && !ADMIN_UNSAFE.contains(operation.key())) {
      token = adminToken;
    } else if ((path.startsWith("/api/v1/me") || path.startsWith("/api/v1/auth/tokens/current"))
        && !TOKEN_KILLERS.contains(operation.key())) {
      token = userToken;
    }
    int pick = clean ? 0 : random.nextInt(10);
    if (token != null && pick < 7) {
      headers.add(FuzzValues.ascii("Authorization: Bearer " + token));
    } else if (pick == 7) {
      headers.add(FuzzValues.ascii("Authorization: Bearer " + UUID.randomUUID()));
    } else if (pick == 8) {
      headers.add(FuzzValues.utf8("Authorization: Bearer ключ-令牌"));
    }
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() <= 160 ? flat : flat.substring(0, 160) + "…";
  }

  /** One request as it goes on the wire. */
  record FuzzRequest(String method, byte[] target, List<byte[]> headers, byte[] body) {
    String describe() {
      Map<String, Object> parts = new LinkedHashMap<>();
      String shownTarget = new String(target, StandardCharsets.ISO_8859_1);
      parts.put("target", shownTarget.length() > 200 ? shownTarget.substring(0, 200) + "…"
          : shownTarget);
      parts.put("headers", headers.stream().map(h -> new String(h, StandardCharsets.UTF_8))
          .filter(h -> !h.startsWith("Authorization: Bearer ") || h.length() < 60).toList());
      if (body != null) {
        String text = new String(body, StandardCharsets.UTF_8);
        parts.put("body", text.length() > 300 ? text.substring(0, 300) + "…" : text);
      }
      return method + " " + parts;
    }
  }
}
