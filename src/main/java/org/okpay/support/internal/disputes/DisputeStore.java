package org.okpay.support.internal.disputes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.okpay.support.DisputesApi.Dispute;
import org.okpay.support.DisputesApi.Evidence;
import org.okpay.support.DisputesApi.FileContent;
import org.okpay.support.DisputesApi.FileInfo;
import org.okpay.support.DisputesApi.Message;
import org.okpay.support.DisputesApi.Step;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The disputes' rows (schema {@code support}, V35). Every state move is a compare-and-set on the
 * current status, so two actors (the customer escalating, the deadline job, a refund arriving)
 * never both move the same dispute.
 */
@Repository
class DisputeStore {

  private static final String COLUMNS = """
      id, customer_id, transaction_id, kind, merchant_id, merchant_name, payment_id,
      counterparty_user_id, reason, status, amount_minor, currency, description,
      idempotency_key, request_hash, due_at, inquiry_ends_at, evidence_due_at, hold_id,
      hold_minor, hold_state, hold_attempt, resolution, decision_reason, closed_at,
      secured_account, created_at, updated_at
      """;

  private final JdbcClient jdbc;

  DisputeStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The whole row; {@link #view()} is what the API shows. */
  record Row(UUID id, UUID customerId, UUID transactionId, String kind, UUID merchantId,
      String merchantName, UUID paymentId, UUID counterpartyUserId, String reason,
      String status, long amountMinor, String currency, String description,
      String idempotencyKey, String requestHash, Instant dueAt, Instant inquiryEndsAt,
      Instant evidenceDueAt, UUID holdId, long holdMinor, String holdState, int holdAttempt,
      String resolution, String decisionReason, Instant closedAt, boolean securedAccount,
      Instant createdAt, Instant updatedAt) {

    Dispute view() {
      return new Dispute(id, customerId, transactionId, kind, merchantId, merchantName,
          paymentId, reason, status, amountMinor, currency, description, dueAt, inquiryEndsAt,
          evidenceDueAt, holdMinor, holdState, resolution, decisionReason, createdAt, updatedAt,
          closedAt);
    }

    /** Who holds the money: the merchant's balance or the p2p recipient's wallet. */
    boolean holds() {
      return "merchant".equals(kind) || "p2p".equals(kind);
    }
  }

  record NewRow(UUID id, UUID customerId, UUID transactionId, String kind, UUID merchantId,
      String merchantName, UUID paymentId, UUID counterpartyUserId, String reason,
      String status, long amountMinor, String currency, String description,
      String idempotencyKey, String requestHash, Instant dueAt, Instant inquiryEndsAt,
      boolean securedAccount, Instant now) {
  }

  void insert(NewRow r) {
    int n = jdbc.sql("""
        insert into support.disputes (id, customer_id, transaction_id, kind, merchant_id,
          merchant_name, payment_id, counterparty_user_id, reason, status, amount_minor, currency,
          description, idempotency_key, request_hash, due_at, inquiry_ends_at, secured_account,
          created_at, updated_at)
        values (:id, :customer, :tx, :kind, :merchant, :merchantName, :payment, :counterparty,
          :reason, :status, :amount, :currency, :description, :key, :hash, :due, :inquiryEnds,
          :secured, :now, :now)
        """).param("id", r.id()).param("customer", r.customerId()).param("tx", r.transactionId())
        .param("kind", r.kind()).param("merchant", r.merchantId())
        .param("merchantName", r.merchantName()).param("payment", r.paymentId())
        .param("counterparty", r.counterpartyUserId()).param("reason", r.reason())
        .param("status", r.status()).param("amount", r.amountMinor())
        .param("currency", r.currency()).param("description", r.description())
        .param("key", r.idempotencyKey()).param("hash", r.requestHash())
        .param("due", ts(r.dueAt())).param("inquiryEnds", ts(r.inquiryEndsAt()))
        .param("secured", r.securedAccount()).param("now", ts(r.now())).update();
    requireOne(n);
  }

  Optional<Row> byId(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from support.disputes where id = :id")
        .param("id", id).query(DisputeStore::row).optional();
  }

  Optional<Row> byKey(UUID customerId, String key) {
    return jdbc.sql("select " + COLUMNS
            + " from support.disputes where customer_id = :c and idempotency_key = :k")
        .param("c", customerId).param("k", key).query(DisputeStore::row).optional();
  }

  Optional<Row> ofCustomer(UUID customerId, UUID id) {
    return jdbc.sql("select " + COLUMNS
            + " from support.disputes where id = :id and customer_id = :c")
        .param("id", id).param("c", customerId).query(DisputeStore::row).optional();
  }

  Optional<Row> ofMerchant(UUID merchantId, UUID id) {
    return jdbc.sql("select " + COLUMNS
            + " from support.disputes where id = :id and merchant_id = :m")
        .param("id", id).param("m", merchantId).query(DisputeStore::row).optional();
  }

  Optional<Row> openOnTransaction(UUID customerId, UUID transactionId) {
    return jdbc.sql("select " + COLUMNS + """
         from support.disputes where customer_id = :c and transaction_id = :tx
          and status in ('inquiry', 'needs_response', 'under_review')
        """).param("c", customerId).param("tx", transactionId).query(DisputeStore::row)
        .optional();
  }

  List<Row> openOnPayment(UUID merchantId, UUID paymentId) {
    return jdbc.sql("select " + COLUMNS + """
         from support.disputes where merchant_id = :m and payment_id = :p
          and status in ('inquiry', 'needs_response', 'under_review')
        """).param("m", merchantId).param("p", paymentId).query(DisputeStore::row).list();
  }

  List<Row> ofCustomer(UUID customerId, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from support.disputes where customer_id = :c order by created_at desc, id limit :l
        """).param("c", customerId).param("l", limit).query(DisputeStore::row).list();
  }

  List<Row> ofMerchant(UUID merchantId, String status, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from support.disputes where merchant_id = :m
          and (cast(:s as text) is null or status = cast(:s as text))
        order by (status in ('inquiry', 'needs_response', 'under_review')) desc,
                 due_at nulls last, created_at desc, id limit :l
        """).param("m", merchantId).param("s", status).param("l", limit)
        .query(DisputeStore::row).list();
  }

  /** The agents' queue: under review first, then other open ones by deadline, then closed. */
  List<Row> queue(String status, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from support.disputes
        where (cast(:s as text) is null or status = cast(:s as text))
        order by case status when 'under_review' then 0 when 'needs_response' then 1
                             when 'inquiry' then 2 else 3 end,
                 coalesce(due_at, created_at), id limit :l
        """).param("s", status).param("l", limit).query(DisputeStore::row).list();
  }

  List<UUID> due(Instant now, int limit) {
    return jdbc.sql("""
        select id from support.disputes
         where due_at <= :now and status in ('inquiry', 'needs_response')
         order by due_at, id limit :l
        """).param("now", ts(now)).param("l", limit).query(UUID.class).list();
  }

  /** Ledger work a crash may have left between the state's commit and the ledger's answer. */
  List<UUID> holdWork(Instant before, int limit) {
    return jdbc.sql("""
        select id from support.disputes
         where hold_state in ('placing', 'posting', 'voiding') and updated_at <= :before
         order by updated_at, id limit :l
        """).param("before", ts(before)).param("l", limit).query(UUID.class).list();
  }

  /** Inquiry → needs_response, and the hold to place (its amount and id fixed here). */
  boolean escalate(UUID id, UUID holdId, long holdMinor, Instant evidenceDue, Instant now) {
    return jdbc.sql("""
        update support.disputes
           set status = 'needs_response', due_at = :due, evidence_due_at = :due,
               escalated_at = :now, hold_id = :hold, hold_minor = :held,
               hold_state = case when :held > 0 then 'placing' else 'none' end,
               hold_attempt = hold_attempt + 1, updated_at = :now
         where id = :id and status = 'inquiry'
        """).param("id", id).param("hold", holdMinor > 0 ? holdId : null).param("held", holdMinor)
        .param("due", ts(evidenceDue)).param("now", ts(now)).update() == 1;
  }

  /** A p2p dispute's hold, placed when it opens (it goes straight to review). */
  boolean startHold(UUID id, UUID holdId, long holdMinor, Instant now) {
    return jdbc.sql("""
        update support.disputes
           set hold_id = :hold, hold_minor = :held, hold_state = 'placing',
               hold_attempt = hold_attempt + 1, updated_at = :now
         where id = :id and hold_state = 'none' and status = 'under_review'
        """).param("id", id).param("hold", holdId).param("held", holdMinor)
        .param("now", ts(now)).update() == 1;
  }

  /** The ledger answered: {@code from} → {@code to} (e.g. placing → held, posting → posted). */
  boolean holdMoved(UUID id, String from, String to, Instant now) {
    return jdbc.sql("""
        update support.disputes set hold_state = :to, updated_at = :now
         where id = :id and hold_state = :from
        """).param("id", id).param("from", from).param("to", to).param("now", ts(now))
        .update() == 1;
  }

  /** The hold could not be placed (the balance went): nothing is held. */
  boolean holdFailed(UUID id, Instant now) {
    return jdbc.sql("""
        update support.disputes set hold_state = 'failed', hold_minor = 0, updated_at = :now
         where id = :id and hold_state = 'placing'
        """).param("id", id).param("now", ts(now)).update() == 1;
  }

  /** needs_response → under_review (evidence sent, or its deadline passed). */
  boolean toReview(UUID id, Instant now) {
    return jdbc.sql("""
        update support.disputes set status = 'under_review', due_at = null, updated_at = :now
         where id = :id and status = 'needs_response'
        """).param("id", id).param("now", ts(now)).update() == 1;
  }

  /**
   * Closes an open dispute. The hold's next state: {@code posting} (for the customer) or
   * {@code voiding} (for the merchant) when money is held, else it stays as it is.
   */
  boolean close(UUID id, List<String> fromStatuses, String status, String resolution,
      String reason, UUID decidedBy, boolean toCustomer, Instant now) {
    return jdbc.sql("""
        update support.disputes
           set status = :status, resolution = :resolution, decision_reason = :reason,
               decided_by = :by, closed_at = :now, due_at = null, updated_at = :now,
               hold_state = case when hold_state in ('held', 'placing')
                                 then (case when :toCustomer then 'posting' else 'voiding' end)
                                 else hold_state end
         where id = :id and status in (:from)
        """).param("id", id).param("status", status).param("resolution", resolution)
        .param("reason", reason).param("by", decidedBy).param("toCustomer", toCustomer)
        .param("now", ts(now)).param("from", fromStatuses).update() == 1;
  }

  // --- messages, steps, evidence, files ---

  void message(UUID disputeId, String author, String authorId, String body, Instant now) {
    requireOne(jdbc.sql("""
        insert into support.dispute_messages (id, dispute_id, author, author_id, body, created_at)
        values (:id, :d, :author, :authorId, :body, :now)
        """).param("id", UUID.randomUUID()).param("d", disputeId).param("author", author)
        .param("authorId", authorId).param("body", body).param("now", ts(now)).update());
  }

  List<Message> messages(UUID disputeId) {
    return jdbc.sql("""
        select id, author, body, created_at from support.dispute_messages
         where dispute_id = :d order by created_at, id limit 500
        """).param("d", disputeId).query((rs, n) -> new Message(rs.getObject("id", UUID.class),
            rs.getString("author"), rs.getString("body"), instant(rs, "created_at"))).list();
  }

  int countMessages(UUID disputeId) {
    return jdbc.sql("select count(*) from support.dispute_messages where dispute_id = :d")
        .param("d", disputeId).query(Integer.class).single();
  }

  void step(UUID disputeId, String step, String actor, Instant now) {
    requireOne(jdbc.sql("""
        insert into support.dispute_steps (dispute_id, step, actor, at) values (:d, :s, :a, :now)
        """).param("d", disputeId).param("s", step).param("a", actor).param("now", ts(now))
        .update());
  }

  List<Step> steps(UUID disputeId) {
    return jdbc.sql("""
        select step, actor, at from support.dispute_steps where dispute_id = :d order by id
        """).param("d", disputeId).query((rs, n) -> new Step(rs.getString("step"),
            rs.getString("actor"), instant(rs, "at"))).list();
  }

  void evidence(UUID disputeId, Evidence e, String by, Instant now) {
    requireOne(jdbc.sql("""
        insert into support.dispute_evidence (dispute_id, product_description,
          customer_communication, shipping_tracking, refund_policy, explanation, submitted_at,
          submitted_by)
        values (:d, :product, :communication, :tracking, :policy, :explanation, :now, :by)
        """).param("d", disputeId).param("product", e.productDescription())
        .param("communication", e.customerCommunication())
        .param("tracking", e.shippingTracking()).param("policy", e.refundPolicy())
        .param("explanation", e.explanation()).param("now", ts(now)).param("by", by).update());
  }

  Optional<Evidence> evidence(UUID disputeId) {
    return jdbc.sql("""
        select product_description, customer_communication, shipping_tracking, refund_policy,
               explanation, submitted_at
          from support.dispute_evidence where dispute_id = :d
        """).param("d", disputeId).query((rs, n) -> new Evidence(
            rs.getString("product_description"), rs.getString("customer_communication"),
            rs.getString("shipping_tracking"), rs.getString("refund_policy"),
            rs.getString("explanation"), instant(rs, "submitted_at"))).optional();
  }

  void file(UUID id, UUID disputeId, String name, String type, byte[] content, String sha256,
      Instant now) {
    requireOne(jdbc.sql("""
        insert into support.dispute_files (id, dispute_id, file_name, content_type, size_bytes,
          content, sha256, created_at)
        values (:id, :d, :name, :type, :size, :content, :sha, :now)
        """).param("id", id).param("d", disputeId).param("name", name).param("type", type)
        .param("size", content.length).param("content", content).param("sha", sha256)
        .param("now", ts(now)).update());
  }

  List<FileInfo> files(UUID disputeId) {
    return jdbc.sql("""
        select id, file_name, content_type, size_bytes, created_at from support.dispute_files
         where dispute_id = :d order by created_at, id
        """).param("d", disputeId).query((rs, n) -> new FileInfo(rs.getObject("id", UUID.class),
            rs.getString("file_name"), rs.getString("content_type"), rs.getInt("size_bytes"),
            instant(rs, "created_at"))).list();
  }

  Optional<FileContent> file(UUID disputeId, UUID fileId) {
    return jdbc.sql("""
        select id, file_name, content_type, size_bytes, created_at, content
          from support.dispute_files where dispute_id = :d and id = :id
        """).param("d", disputeId).param("id", fileId).query((rs, n) -> new FileContent(
            new FileInfo(rs.getObject("id", UUID.class), rs.getString("file_name"),
                rs.getString("content_type"), rs.getInt("size_bytes"),
                instant(rs, "created_at")), rs.getBytes("content"))).optional();
  }

  /** Locks the dispute's row, so that its file count is read by one writer at a time. */
  void lock(UUID id) {
    jdbc.sql("select 1 from support.disputes where id = :id for update").param("id", id)
        .query(Integer.class).optional();
  }

  int countFiles(UUID disputeId) {
    return jdbc.sql("select count(*) from support.dispute_files where dispute_id = :d")
        .param("d", disputeId).query(Integer.class).single();
  }

  // --- counts for reputation ---

  long opened(UUID merchantId) {
    return jdbc.sql("select count(*) from support.disputes where merchant_id = :m")
        .param("m", merchantId).query(Long.class).single();
  }

  long lost(UUID merchantId) {
    return jdbc.sql("select count(*) from support.disputes where merchant_id = :m and status = 'won'")
        .param("m", merchantId).query(Long.class).single();
  }

  // --- the job's lease ---

  /** Takes the cluster-wide lease of the deadline job until {@code until}; false when held. */
  boolean lease(String holder, Instant now, Instant until) {
    return jdbc.sql("""
        update support.dispute_job_lease set holder = :holder, held_until = :until
         where name = 'deadlines' and (held_until <= :now or holder = :holder)
        """).param("holder", holder).param("now", ts(now)).param("until", ts(until))
        .update() == 1;
  }

  void release(String holder) {
    jdbc.sql("""
        update support.dispute_job_lease set held_until = '-infinity'
         where name = 'deadlines' and holder = :holder
        """).param("holder", holder).update();
  }

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
        rs.getObject("transaction_id", UUID.class), rs.getString("kind"),
        rs.getObject("merchant_id", UUID.class), rs.getString("merchant_name"),
        rs.getObject("payment_id", UUID.class), rs.getObject("counterparty_user_id", UUID.class),
        rs.getString("reason"), rs.getString("status"), rs.getLong("amount_minor"),
        rs.getString("currency"), rs.getString("description"), rs.getString("idempotency_key"),
        rs.getString("request_hash"), instant(rs, "due_at"), instant(rs, "inquiry_ends_at"),
        instant(rs, "evidence_due_at"), rs.getObject("hold_id", UUID.class),
        rs.getLong("hold_minor"), rs.getString("hold_state"), rs.getInt("hold_attempt"),
        rs.getString("resolution"), rs.getString("decision_reason"), instant(rs, "closed_at"),
        rs.getBoolean("secured_account"), instant(rs, "created_at"), instant(rs, "updated_at"));
  }

  static OffsetDateTime ts(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void requireOne(int n) {
    if (n != 1) {
      throw new IllegalStateException("expected one row, wrote " + n);
    }
  }
}
