package org.okpay.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.okpay.notify.EmailRequest;
import org.okpay.notify.EnqueueResult;
import org.okpay.notify.InAppRequest;
import org.okpay.notify.MarkReadResult;
import org.okpay.notify.NoticeRequest;
import org.okpay.notify.Notification;
import org.okpay.notify.NotifyApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class NotifyService implements NotifyApi {

  private static final Logger log = LoggerFactory.getLogger(NotifyService.class);

  static final int ADDRESS_CHARS_MAX = 254;
  static final int USER_ID_CHARS_MAX = 64;
  static final int DEDUP_KEY_CHARS_MAX = 128;
  static final int IN_APP_LINK_CHARS_MAX = 512;
  /** One @, something on both sides, a dot in the domain, no spaces or controls. */
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
  /** A path inside OKPay: one leading slash (two would leave the site). */
  private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[^\\s\\p{Cntrl}]*");

  private final OutboxStore outbox;
  private final NotificationStore notifications;
  private final Variables variables;
  private final OutboxDispatcher dispatcher;
  private final Renderer renderer;

  NotifyService(OutboxStore outbox, NotificationStore notifications, Variables variables,
      OutboxDispatcher dispatcher, Renderer renderer) {
    this.outbox = outbox;
    this.notifications = notifications;
    this.variables = variables;
    this.dispatcher = dispatcher;
    this.renderer = renderer;
  }

  @Override
  public EnqueueResult email(EmailRequest request) {
    return enqueue(row(request));
  }

  /** Written straight into notify.notifications, as {@link #enqueueAll} writes it. */
  @Override
  public EnqueueResult inApp(InAppRequest request) {
    return enqueueAll(List.of(request)).getFirst();
  }

  /**
   * E-mails go to the outbox, for the dispatcher; in-app notices are rendered here and written
   * straight into notify.notifications: rows in our own database need no outbox to reach their
   * user, and so cost one insert instead of an outbox row, its claim, its mark as sent and the
   * insert. Both statements join the caller's transaction, so each row commits or rolls back
   * with the caller's work as before. Dedup keys are answered alike on both channels.
   */
  @Override
  public List<EnqueueResult> enqueueAll(List<? extends NoticeRequest> requests) {
    require(requests.size() <= ENQUEUE_ALL_MAX, "at most " + ENQUEUE_ALL_MAX + " notices per call");
    List<Prepared> prepared = requests.stream().map(this::prepare).toList();
    int n = prepared.size();
    // A dedup key repeated within the call: only its first request is written, and the others
    // are answered against it (as they would be one after the other).
    Map<OutboxStore.Key, Integer> firstWithKey = new HashMap<>();
    List<Integer> direct = new ArrayList<>();
    List<Integer> queued = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Prepared one = prepared.get(i);
      if (one.row().dedupKey() == null || firstWithKey.putIfAbsent(one.row().key(), i) == null) {
        (one.direct() ? direct : queued).add(i);
      }
    }
    List<Optional<Long>> ids = new ArrayList<>(Collections.nCopies(n, null));
    List<Optional<Long>> written = notifications.writeAll(
        direct.stream().map(i -> prepared.get(i).notification()).toList());
    for (int j = 0; j < direct.size(); j++) {
      ids.set(direct.get(j), written.get(j));
    }
    List<Optional<Long>> enqueued = outbox.insertAll(
        queued.stream().map(i -> prepared.get(i).row()).toList());
    for (int j = 0; j < queued.size(); j++) {
      ids.set(queued.get(j), enqueued.get(j));
    }
    Map<OutboxStore.Key, OutboxStore.Existing> existing = existing(prepared, ids, direct, queued);
    List<EnqueueResult> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OutboxStore.NewRow row = prepared.get(i).row();
      Integer first = row.dedupKey() == null ? null : firstWithKey.get(row.key());
      if (first == null || first == i) {
        Optional<Long> id = ids.get(i);
        results.add(id.isPresent() ? new EnqueueResult(id.get(), EnqueueResult.Outcome.ENQUEUED)
            : duplicate(existing.get(row.key()), row));
      } else {
        EnqueueResult earlier = results.get(first);
        results.add(duplicate(earlier.enqueued()
            ? new OutboxStore.Existing(earlier.outboxId(), prepared.get(first).row().requestHash())
            : existing.get(row.key()), row));
      }
    }
    if (queued.stream().anyMatch(i -> ids.get(i).isPresent())) {
      wakeDispatcherAfterCommit();
    }
    return results;
  }

  /**
   * A checked request and its outbox row (whose request hash answers dedup keys on either
   * channel); an in-app one also rendered, unless rendering failed.
   *
   * @param notification the in-app notice to write straight away, or null: an e-mail, or an
   *     in-app notice that could not be rendered, both queued in the outbox
   */
  private record Prepared(OutboxStore.NewRow row, NotificationStore.Rendered notification) {

    boolean direct() {
      return notification != null;
    }
  }

  /** The rows that hold the dedup keys that were taken, from the table each request went to. */
  private Map<OutboxStore.Key, OutboxStore.Existing> existing(List<Prepared> prepared,
      List<Optional<Long>> ids, List<Integer> direct, List<Integer> queued) {
    List<String> takenInApp = direct.stream().filter(i -> ids.get(i).isEmpty())
        .map(i -> prepared.get(i).row().dedupKey()).toList();
    List<OutboxStore.Key> takenQueued = queued.stream().filter(i -> ids.get(i).isEmpty())
        .map(i -> prepared.get(i).row().key()).toList();
    Map<OutboxStore.Key, OutboxStore.Existing> existing =
        new HashMap<>(outbox.byDedupKeys(takenQueued));
    notifications.byDedupKeys(takenInApp).forEach((key, row) ->
        existing.put(new OutboxStore.Key(OutboxRow.Channel.IN_APP, key), row));
    return existing;
  }

  private Prepared prepare(NoticeRequest request) {
    return switch (request) {
      case EmailRequest email -> new Prepared(row(email), null);
      case InAppRequest inApp -> prepare(inApp);
    };
  }

  /**
   * Renders an in-app notice as the dispatcher did, in the language it is stored in. Variables
   * and link were checked already (bad ones threw, before anything was written); rendering then
   * fails only if this version's texts are broken (every template is rendered in both languages
   * by MailTemplatesTest). Such a notice goes to the outbox, as every in-app notice did, where the
   * dispatcher fails it and counts it in okpay.notify.failed: the caller's transaction (a batch of
   * payments) does not fail for a text that cannot be rendered.
   */
  private Prepared prepare(InAppRequest request) {
    OutboxStore.NewRow row = row(request);
    try {
      Renderer.InAppText text = renderer.inApp(request.template(), Locales.fromTag(row.locale()),
          request.variables());
      return new Prepared(row, new NotificationStore.Rendered(request.userId(),
          request.template(), text.title(), text.body(), request.link(), request.dedupKey(),
          row.requestHash()));
    } catch (RuntimeException e) {
      log.error("in-app notice {} ({}) cannot be rendered; queued in the outbox instead",
          request.template().key(), row.locale(), e);
      return new Prepared(row, null);
    }
  }

  private OutboxStore.NewRow row(EmailRequest request) {
    String to = request.to().strip();
    require(to.length() <= ADDRESS_CHARS_MAX && ADDRESS.matcher(to).matches(),
        "not an e-mail address: " + request.to());
    Variables.check(request.variables(), request.template().requiredVariables(),
        request.template().allowedVariables(), request.template().key());
    return row(OutboxRow.Channel.EMAIL, to, request.locale(), request.template().key(),
        request.variables(), null, request.dedupKey());
  }

  private OutboxStore.NewRow row(InAppRequest request) {
    checkUserId(request.userId());
    Variables.check(request.variables(), request.template().variables(),
        request.template().variables(), request.template().key());
    if (request.link() != null) {
      require(request.link().length() <= IN_APP_LINK_CHARS_MAX
          && LOCAL_PATH.matcher(request.link()).matches(), "link must be a path inside OKPay");
    }
    return row(OutboxRow.Channel.IN_APP, request.userId(), request.locale(),
        request.template().key(), request.variables(), request.link(), request.dedupKey());
  }

  private OutboxStore.NewRow row(OutboxRow.Channel channel, String recipient, Locale locale,
      String template, Map<String, Object> values, String link, String dedupKey) {
    if (dedupKey != null) {
      require(!dedupKey.isBlank() && dedupKey.length() <= DEDUP_KEY_CHARS_MAX,
          "dedupKey must be 1.." + DEDUP_KEY_CHARS_MAX + " characters");
    }
    String tag = Locales.tag(locale);
    String json = variables.encode(values);
    byte[] hash = hash(channel.dbValue(), recipient, tag, template, json, link);
    return new OutboxStore.NewRow(channel, recipient, tag, template, json, link, dedupKey, hash);
  }

  private EnqueueResult enqueue(OutboxStore.NewRow row) {
    Optional<Long> id = outbox.insert(row);
    if (id.isEmpty()) {
      return duplicate(outbox.byDedupKey(row.channel(), row.dedupKey()), row);
    }
    wakeDispatcherAfterCommit();
    return new EnqueueResult(id.get(), EnqueueResult.Outcome.ENQUEUED);
  }

  /** A request whose dedup key is taken by {@code existing}: a replay, or the key reused. */
  private static EnqueueResult duplicate(OutboxStore.Existing existing, OutboxStore.NewRow row) {
    return new EnqueueResult(existing.id(),
        MessageDigest.isEqual(existing.requestHash(), row.requestHash())
            ? EnqueueResult.Outcome.ALREADY_ENQUEUED : EnqueueResult.Outcome.DEDUP_KEY_REUSED);
  }

  /** The row is invisible to the dispatcher until the caller commits, so wake it only then. */
  private void wakeDispatcherAfterCommit() {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          dispatcher.wake();
        }
      });
    } else {
      dispatcher.wake();
    }
  }

  @Override
  public List<Notification> notifications(String userId, int limit) {
    checkUserId(userId);
    require(limit >= 1 && limit <= NOTIFICATIONS_LIMIT_MAX,
        "limit must be 1.." + NOTIFICATIONS_LIMIT_MAX);
    return notifications.latest(userId, limit);
  }

  @Override
  public long unreadCount(String userId) {
    checkUserId(userId);
    return notifications.unreadCount(userId);
  }

  @Override
  public MarkReadResult markRead(String userId, long notificationId) {
    checkUserId(userId);
    return notifications.markRead(userId, notificationId);
  }

  @Override
  public int lateCount(java.time.Duration lateAfter, int cap) {
    return outbox.lateCount(lateAfter, cap);
  }

  @Override
  public int markAllRead(String userId) {
    checkUserId(userId);
    return notifications.markAllRead(userId);
  }

  private static void checkUserId(String userId) {
    require(userId != null && !userId.isBlank() && userId.length() <= USER_ID_CHARS_MAX,
        "userId must be 1.." + USER_ID_CHARS_MAX + " characters");
  }

  /** SHA-256 over the fields that make two requests the same, each length-prefixed. */
  static byte[] hash(String... fields) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String field : fields) {
        byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
        digest.update((field == null ? "-" : bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static void require(boolean condition, String message) {
    Variables.require(condition, message);
  }
}
