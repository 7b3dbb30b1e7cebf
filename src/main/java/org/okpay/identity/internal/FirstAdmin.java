package org.okpay.identity.internal;

import org.okpay.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin from {@code OKPAY_ADMIN_EMAIL} and {@code OKPAY_ADMIN_PASSWORD} when
 * no admin exists yet. Idempotent: later starts, or several instances, create no second one.
 */
@Component
class FirstAdmin {

  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

  private final IdentityService identity;
  private final UserStore users;
  private final IdentityProperties properties;

  FirstAdmin(IdentityService identity, UserStore users, IdentityProperties properties) {
    this.identity = identity;
    this.users = users;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createIfConfigured() {
    if (properties.adminEmail().isBlank() || users.anyWithRole(Role.ADMIN)) {
      return;
    }
    if (identity.createVerified(properties.adminEmail(), properties.adminPassword(), "Admin",
        Role.ADMIN)) {
      log.info("created the first admin, {}", properties.adminEmail());
    }
  }
}
