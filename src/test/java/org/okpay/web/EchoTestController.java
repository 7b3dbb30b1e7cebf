package org.okpay.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only endpoints that exercise the error handling before real API routes exist: a JSON body
 * with a validated field, and routes that fail with a programmer error. Lives in src/test, so it
 * is never part of the application; component scanning picks it up in every test context, which
 * keeps those contexts identical and cached.
 */
@RestController
class EchoTestController {

  static final String ECHO_PATH = "/api/v1/test/echo";
  static final String API_BOOM_PATH = "/api/v1/test/boom";
  static final String PAGE_BOOM_PATH = "/test/boom";
  /** Exception text that must never reach a client. */
  static final String SECRET = "db password is hunter2";

  record Echo(@NotBlank String name) {}

  @PostMapping(path = ECHO_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
  Echo echo(@Valid @RequestBody Echo echo) {
    return echo;
  }

  @GetMapping({API_BOOM_PATH, PAGE_BOOM_PATH})
  String boom() {
    throw new IllegalStateException(SECRET);
  }
}
