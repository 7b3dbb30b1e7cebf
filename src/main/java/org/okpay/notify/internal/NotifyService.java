package org.okpay.notify.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class NotifyService implements NotifyApi {

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

  NotifyService(OutboxStore outbox, NotificationStore notifications, Variables variables,
      OutboxDispatcher dispatcher) {
    this.outbox = outbox;
    this.notifications = notifications;
    this.variables = variables;
    this.dispatcher = dispatcher;
  }

  @Override
  public EnqueueResult email(EmailRequest request) {
    return enqueue(row(request));
  }

  @Override
  public EnqueueResult inApp(InAppRequest request) {
    return enqueue(row(request));
  }

  @Override
  public List<EnqueueResult> enqueueAll(List<? extends NoticeRequest> requests) {
    require(requests.size() <= ENQUEUE_ALL_MAX, "at most " + ENQUEUE_ALL_MAX + " notices per call");
    List<OutboxStore.NewRow> rows = requests.stream().map(this::row).toList();
    // A dedup key repeated within the call: only its first request is written, and the others
    // are answered against it (as they would be one after the other).
    Map<OutboxStore.Key, Integer> firstWithKey = new HashMap<>();
    List<OutboxStore.NewRow> written = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      OutboxStore.NewRow row = rows.get(i);
      if (row.dedupKey() == null || firstWithKey.putIfAbsent(row.key(), i) == null) {
        written.add(row);
      }
    }
    List<Optional<Long>> ids = outbox.insertAll(written);
    List<OutboxStore.Key> taken = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      if (ids.get(i).isEmpty()) {
        taken.add(written.get(i).key());
      }
    }
    Map<OutboxStore.Key, OutboxStore.Existing> existing = outbox.byDedupKeys(taken);
    List<EnqueueResult> results = new ArrayList<>(rows.size());
    int next = 0;
    for (int i = 0; i < rows.size(); i++) {
      OutboxStore.NewRow row = rows.get(i);
      Integer first = row.dedupKey() == null ? null : firstWithKey.get(row.key());
      if (first == null || first == i) {
        Optional<Long> id = ids.get(next++);
        results.add(id.isPresent() ? new EnqueueResult(id.get(), EnqueueResult.Outcome.ENQUEUED)
            : duplicate(existing.get(row.key()), row));
      } else {
        EnqueueResult earlier = results.get(first);
        results.add(duplicate(earlier.enqueued()
            ? new OutboxStore.Existing(earlier.outboxId(), rows.get(first).requestHash())
            : existing.get(row.key()), row));
      }
    }
    if (results.stream().anyMatch(EnqueueResult::enqueued)) {
      wakeDispatcherAfterCommit();
    }
    return results;
  }

  private OutboxStore.NewRow row(NoticeRequest request) {
    return switch (request) {
      case EmailRequest email -> row(email);
      case InAppRequest inApp -> row(inApp);
    };
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
