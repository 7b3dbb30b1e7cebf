package org.okpay.payments.internal.sandbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.okpay.payments.SandboxApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox as JSON: its test numbers and clock (public, like the page), and moving the clock
 * forward (operator API: the operator token or an admin's own token, see AdminApiGuard).
 */
@RestController
@Tag(name = "Sandbox")
class SandboxApiController {

  private final SandboxApi sandbox;

  SandboxApiController(SandboxApi sandbox) {
    this.sandbox = sandbox;
  }

  record SandboxView(Instant now, long timeFactor, List<SandboxApi.TestCard> testCards,
      List<SandboxApi.TestBankAccount> testBankAccounts) {
  }

  record AdvanceBody(@NotNull Long seconds) {
  }

  record ClockView(Instant now) {
  }

  @GetMapping("/api/v1/sandbox")
  @Operation(summary = "The sandbox rail's test cards, test bank accounts and clock (public)")
  SandboxView sandbox() {
    return new SandboxView(sandbox.now(), sandbox.timeFactor(), sandbox.testCards(),
        sandbox.testBankAccounts());
  }

  @PostMapping("/api/v1/admin/sandbox/advance")
  @Operation(summary = "Move the sandbox clock forward (1 second to 30 days)")
  ClockView advance(@Valid @RequestBody AdvanceBody body) {
    long seconds = Math.max(0, Math.min(body.seconds(), SandboxApi.ADVANCE_MAX.toSeconds() + 1));
    return new ClockView(sandbox.advance(Duration.ofSeconds(seconds)));
  }
}
