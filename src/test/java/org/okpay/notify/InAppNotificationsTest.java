package org.okpay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.okpay.OkPayTest;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In-app notifications reach their user, in the user's language, as soon as the call that wrote
 * them returns (they are written, not queued), and one user can neither see nor change another
 * user's notifications.
 */
@OkPayTest
class InAppNotificationsTest {

  @Autowired NotifyApi notify;

  @Test
  void aUserSeesOnlyTheirOwnNotificationsAndCannotTouchAnothers() {
    String alice = NotifyFixture.uniqueUser("alice");
    String bob = NotifyFixture.uniqueUser("bob");
    notify.inApp(NotifyFixture.passwordChanged(alice, Locale.ENGLISH));
    notify.inApp(new InAppRequest(alice, Locale.ENGLISH, InAppTemplate.NEW_DEVICE_LOGIN,
        Map.of("time", Instant.parse("2026-11-25T11:30:00Z"), "device", "Firefox on Linux"),
        "/account/sessions", null));
    notify.inApp(NotifyFixture.passwordChanged(bob, Locale.SIMPLIFIED_CHINESE));

    List<Notification> alices = notify.notifications(alice, 10);
    Notification bobs = notify.notifications(bob, 10).getFirst();
    assertThat(alices).extracting(Notification::userId).containsOnly(alice);
    assertThat(alices).extracting(Notification::template)
        .containsExactly(InAppTemplate.NEW_DEVICE_LOGIN, InAppTemplate.PASSWORD_CHANGED);
    assertThat(alices.getFirst().title()).isEqualTo("New sign-in to your account");
    assertThat(alices.getFirst().body())
        .isEqualTo("Your account was signed in to on 25 November 2026, 11:30 UTC from Firefox on "
            + "Linux. If this was not you, freeze your account and change your password now.");
    assertThat(alices.getFirst().link()).isEqualTo("/account/sessions");
    assertThat(bobs.title()).isEqualTo("您的密码已修改");
    assertThat(bobs.body()).contains("2026年11月25日 10:00 UTC");
    assertThat(notify.unreadCount(alice)).isEqualTo(2);
    assertThat(notify.unreadCount(bob)).isEqualTo(1);

    // Alice tries Bob's notification: not found, and Bob's stays unread.
    assertThat(notify.markRead(alice, bobs.id())).isEqualTo(MarkReadResult.NOT_FOUND);
    assertThat(notify.unreadCount(bob)).isEqualTo(1);
    assertThat(notify.notifications(bob, 10).getFirst().read()).isFalse();
    assertThat(notify.markRead(alice, Long.MAX_VALUE)).isEqualTo(MarkReadResult.NOT_FOUND);

    // Alice's "mark all" leaves Bob's alone.
    assertThat(notify.markAllRead(alice)).isEqualTo(2);
    assertThat(notify.unreadCount(alice)).isZero();
    assertThat(notify.notifications(alice, 10)).allMatch(Notification::read);
    assertThat(notify.unreadCount(bob)).isEqualTo(1);

    assertThat(notify.markRead(bob, bobs.id())).isEqualTo(MarkReadResult.MARKED);
    assertThat(notify.markRead(bob, bobs.id())).isEqualTo(MarkReadResult.ALREADY_READ);
    assertThat(notify.unreadCount(bob)).isZero();
    assertThat(notify.markAllRead(bob)).isZero();
  }

  @Test
  void listsAreNewestFirstAndLimited() {
    String carol = NotifyFixture.uniqueUser("carol");
    for (int i = 1; i <= 5; i++) {
      notify.inApp(new InAppRequest(carol, Locale.ENGLISH, InAppTemplate.PASSWORD_CHANGED,
          Map.of("time", Instant.parse("2026-11-25T10:0" + i + ":00Z")), "/account", null));
    }

    List<Notification> two = notify.notifications(carol, 2);
    List<Notification> all = notify.notifications(carol, NotifyApi.NOTIFICATIONS_LIMIT_MAX);
    assertThat(two).hasSize(2);
    assertThat(all).hasSize(5);
    // Newest written first.
    assertThat(all).extracting(n -> n.body().replaceAll(".*10:0(\\d).*", "$1"))
        .containsExactly("5", "4", "3", "2", "1");
    assertThat(two).containsExactlyElementsOf(all.subList(0, 2));
  }

  @Test
  void aDedupKeyDeliversOneNotification() {
    String dave = NotifyFixture.uniqueUser("dave");
    InAppRequest base = NotifyFixture.passwordChanged(dave, Locale.ENGLISH);
    InAppRequest keyed = new InAppRequest(dave, base.locale(), base.template(), base.variables(),
        base.link(), "pw-changed:" + dave);
    assertThat(notify.inApp(keyed).enqueued()).isTrue();
    assertThat(notify.inApp(keyed).outcome()).isEqualTo(EnqueueResult.Outcome.ALREADY_ENQUEUED);
    notify.inApp(base);

    assertThat(notify.notifications(dave, 10)).hasSize(2);
  }
}
