package org.okpay.shared.internal.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-instance read-your-writes markers: the rule and the memory bound. */
class WriteMarkersTest {

  @Test
  void aWriterReadsFromThePrimaryWhileWritingAndUntilTheReplicaHasTheWrite() {
    WriteMarkers markers = new WriteMarkers(Duration.ofMinutes(1), 10);
    assertThat(markers.needsPrimary("user:a", 0)).as("no write yet").isFalse();
    markers.writeStarted("user:a");
    assertThat(markers.needsPrimary("user:a", Long.MAX_VALUE - 1)).as("writing").isTrue();
    markers.writeEnded("user:a", 1_000);
    assertThat(markers.needsPrimary("user:a", 999)).as("replica before the write").isTrue();
    assertThat(markers.needsPrimary("user:a", 1_000)).as("replica has replayed it").isFalse();
    assertThat(markers.needsPrimary("user:b", 0)).as("someone else").isFalse();
    assertThat(markers.needsPrimary(null, 0)).as("nobody signed in").isFalse();
  }

  @Test
  void twoOverlappingWritesKeepTheHigherPositionAndWaitForBoth() {
    WriteMarkers markers = new WriteMarkers(Duration.ofMinutes(1), 10);
    markers.writeStarted("user:a");
    markers.writeStarted("user:a");
    markers.writeEnded("user:a", 2_000);
    assertThat(markers.needsPrimary("user:a", 5_000)).as("one still running").isTrue();
    markers.writeEnded("user:a", 1_500);
    assertThat(markers.needsPrimary("user:a", 1_999)).isTrue();
    assertThat(markers.needsPrimary("user:a", 2_000)).isFalse();
  }

  @Test
  void aMarkerIsForgottenAfterTheWindow() throws InterruptedException {
    WriteMarkers markers = new WriteMarkers(Duration.ofMillis(1), 10);
    markers.writeStarted("user:a");
    markers.writeEnded("user:a", Long.MAX_VALUE);
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (markers.needsPrimary("user:a", 0) && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(markers.needsPrimary("user:a", 0)).isFalse();
    assertThat(markers.size()).isZero();
  }

  @Test
  void atTheBoundEveryReadGoesToThePrimaryForOneWindowInsteadOfGrowing() {
    WriteMarkers markers = new WriteMarkers(Duration.ofMinutes(1), 3);
    for (int i = 0; i < 3; i++) {
      markers.writeStarted("user:" + i);
      markers.writeEnded("user:" + i, 100);
    }
    assertThat(markers.needsPrimary("user:new", 1_000)).isFalse();
    markers.writeStarted("user:new");
    assertThat(markers.size()).as("finished markers dropped, the running one kept")
        .isEqualTo(1);
    assertThat(markers.needsPrimary("user:other", 1_000)).as("everyone, for one window")
        .isTrue();
  }
}
