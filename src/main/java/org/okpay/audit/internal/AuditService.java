package org.okpay.audit.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.okpay.audit.AuditApi;
import org.okpay.audit.AuditCheckpoint;
import org.okpay.audit.AuditEvent;
import org.okpay.audit.AuditPage;
import org.okpay.audit.AuditQuery;
import org.okpay.audit.AuditVerification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log's way in. An append locks its chain's head row, so appends to one chain queue
 * behind each other until their transactions end: a caller should append as the last write of
 * its transaction, to hold that lock briefly.
 */
@Service
class AuditService implements AuditApi {

  private final EventStore store;
  private final EventListing listing;
  private final Verifier verifier;
  private final Checkpoints checkpoints;
  private final Clock clock;

  AuditService(EventStore store, EventListing listing, Verifier verifier,
      Checkpoints checkpoints, Clock clock) {
    this.store = store;
    this.listing = listing;
    this.verifier = verifier;
    this.checkpoints = checkpoints;
    this.clock = clock;
  }

  @Override
  @Transactional(propagation = Propagation.REQUIRED)
  public long append(AuditEvent event) {
    // Checked before any lock: a malformed event is a programmer error and changes nothing.
    Canonical.Row draft = Bounds.row(event, 1, Instant.EPOCH);
    EventStore.Head head = store.lockHead(draft.chain());
    // Taken under the lock, so times rise along a chain (as far as the clocks of the instances
    // sharing the database agree); microseconds, what PostgreSQL keeps, so the hash recomputes.
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Canonical.Row row = Bounds.row(event, Math.addExact(head.lastSeq(), 1), at);
    String hash = Canonical.hash(head.lastHash(), row);
    store.append(row, head.lastHash(), hash);
    return row.seq();
  }

  @Override
  @Transactional(readOnly = true)
  public AuditPage events(AuditQuery query) {
    return listing.page(query);
  }

  @Override
  public List<AuditVerification> verify(String chainOrNull) {
    return verifier.verify(chainOrNull);
  }

  @Override
  public List<AuditCheckpoint> checkpointNow() {
    return checkpoints.signNow();
  }
}
