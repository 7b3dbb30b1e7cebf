package org.okpay;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk only through their public APIs; the internals of one are invisible to others. */
class ModularityTests {

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(OkPayApplication.class).verify();
  }
}
