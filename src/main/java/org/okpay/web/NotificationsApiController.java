package org.okpay.web;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.okpay.identity.CurrentUser;
import org.okpay.notify.MarkReadResult;
import org.okpay.notify.Notification;
import org.okpay.notify.NotifyApi;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.OkPayException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed-in user's own in-app notifications; never anyone else's. */
@RestController
@Tag(name = "Notifications")
public class NotificationsApiController {

  private final NotifyApi notify;

  NotificationsApiController(NotifyApi notify) {
    this.notify = notify;
  }

  @GetMapping("/api/v1/me/notifications")
  public Map<String, Object> list(@AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "50") int limit) {
    String id = user.userId().toString();
    List<Notification> items = notify.notifications(id,
        Math.clamp(limit, 1, NotifyApi.NOTIFICATIONS_LIMIT_MAX));
    return Map.of("unread", notify.unreadCount(id), "notifications", items);
  }

  @PostMapping("/api/v1/me/notifications/{id}/read")
  public ResponseEntity<Void> read(@AuthenticationPrincipal CurrentUser user,
      @PathVariable long id) {
    if (notify.markRead(user.userId().toString(), id) == MarkReadResult.NOT_FOUND) {
      throw new OkPayException(ErrorCode.NOTIFICATION_NOT_FOUND);
    }
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/api/v1/me/notifications/read-all")
  public Map<String, Integer> readAll(@AuthenticationPrincipal CurrentUser user) {
    return Map.of("marked", notify.markAllRead(user.userId().toString()));
  }
}
