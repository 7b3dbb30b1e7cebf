package org.okpay.identity.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.okpay.identity.CurrentUser;
import org.okpay.identity.PhoneApi;
import org.okpay.identity.PhoneApi.PhoneStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's phone number: set it, confirm it with the code, remove it. */
@RestController
@Tag(name = "Identity")
class PhoneApiController {

  private final PhoneApi phones;

  PhoneApiController(PhoneApi phones) {
    this.phones = phones;
  }

  /** Longer text is refused by the number's own rules ({@code phone_invalid}), not here. */
  record PhoneBody(@Size(max = 100) String phone) {
  }

  record CodeBody(@Size(max = 32) String code) {
  }

  @GetMapping("/api/v1/me/phone")
  @Operation(summary = "The phone number on the account and whether it is confirmed")
  PhoneStatus status(@AuthenticationPrincipal CurrentUser user) {
    return phones.status(user);
  }

  @PutMapping("/api/v1/me/phone")
  @Operation(summary = "Set or change the phone number; a confirmation code is sent (by e-mail "
      + "until an SMS gateway is configured). Answers 202 alike for a number another user has")
  ResponseEntity<Map<String, String>> set(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody PhoneBody body) {
    return switch (phones.setPhone(user, body.phone())) {
      case CODE_SENT -> ResponseEntity.status(HttpStatus.ACCEPTED)
          .body(Map.of("status", "code_sent"));
      case ALREADY_CONFIRMED -> ResponseEntity.ok(Map.of("status", "already_confirmed"));
    };
  }

  @PostMapping("/api/v1/me/phone/confirm")
  @Operation(summary = "Confirm the phone number with the six-digit code; then others can pay to it")
  PhoneStatus confirm(@AuthenticationPrincipal CurrentUser user,
      @Valid @RequestBody CodeBody body) {
    return phones.confirmPhone(user, body.code());
  }

  @DeleteMapping("/api/v1/me/phone")
  @Operation(summary = "Remove the phone number; it can no longer be paid to")
  ResponseEntity<Void> remove(@AuthenticationPrincipal CurrentUser user) {
    phones.removePhone(user);
    return ResponseEntity.noContent().build();
  }
}
