package org.okpay.shared.internal.db;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes, per instance: for each subject (a user) that wrote recently, the primary's
 * WAL position after that write. While a write is running the subject reads from the primary;
 * after it, until the replica has replayed past the recorded position or the window has passed
 * (longer than the replica's allowed lag, so a forgotten write is one the replica already has).
 *
 * <p>Memory is bounded: at {@code max} subjects the expired ones are dropped, and if that is not
 * enough every marker is dropped and every read goes to the primary for one window instead, which
 * is always correct.
 */
final class WriteMarkers {

  private record Marker(long lsn, int running, long untilNanos) {
  }

  private final ConcurrentHashMap<String, Marker> markers = new ConcurrentHashMap<>();
  private final long windowNanos;
  private final int max;
  private volatile long everyoneToPrimaryUntilNanos = System.nanoTime();

  WriteMarkers(java.time.Duration window, int max) {
    this.windowNanos = window.toNanos();
    this.max = max;
  }

  /** A write by {@code subject} starts: its reads go to the primary from now on. */
  void writeStarted(String subject) {
    makeRoom();
    long until = System.nanoTime() + windowNanos;
    markers.merge(subject, new Marker(0, 1, until),
        (old, add) -> new Marker(old.lsn(), old.running() + 1, until));
  }

  /** The write ended; the primary had written up to {@code lsn} once it committed. */
  void writeEnded(String subject, long lsn) {
    long until = System.nanoTime() + windowNanos;
    markers.merge(subject, new Marker(lsn, 0, until), (old, add) -> new Marker(
        Math.max(old.lsn(), lsn), Math.max(0, old.running() - 1), until));
  }

  /** Whether a read by {@code subject} must go to the primary, the replica being at replayLsn. */
  boolean needsPrimary(String subject, long replayLsn) {
    long now = System.nanoTime();
    if (now - everyoneToPrimaryUntilNanos < 0) {
      return true;
    }
    if (subject == null) {
      return false;
    }
    Marker marker = markers.get(subject);
    if (marker == null) {
      return false;
    }
    if (marker.running() > 0) {
      return true;
    }
    if (now - marker.untilNanos() > 0) {
      markers.remove(subject, marker);
      return false;
    }
    return marker.lsn() > replayLsn;
  }

  int size() {
    return markers.size();
  }

  private void makeRoom() {
    if (markers.size() < max) {
      return;
    }
    long now = System.nanoTime();
    markers.entrySet().removeIf(e -> e.getValue().running() == 0
        && now - e.getValue().untilNanos() > 0);
    if (markers.size() >= max) {
      everyoneToPrimaryUntilNanos = now + windowNanos;
      markers.entrySet().removeIf(e -> e.getValue().running() == 0);
    }
  }
}
