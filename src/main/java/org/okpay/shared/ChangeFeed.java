package org.okpay.shared;

import java.util.function.Consumer;

/**
 * Tells this instance, within milliseconds, that a table another instance (or an operator's SQL)
 * changed has changed: PostgreSQL {@code LISTEN}/{@code NOTIFY} on one connection of its own
 * per instance. A table that feeds an in-memory cache gets a trigger that notifies its channel
 * in the writing transaction, so the notice arrives exactly when the change commits, whoever
 * wrote it.
 *
 * <p>A cache may trust its contents only while {@link #live()} is true and it has loaded them
 * after the last call to its listener: the listener is also called when the feed connects,
 * reconnects or loses its connection (notices may have been missed then). While the feed is not
 * live (starting, database unreachable, behind a pooler that cannot keep a listening session
 * and no direct URL given) caches read the database every time, as before.
 */
public interface ChangeFeed {

  /**
   * Calls {@code onChange} on the feed's thread after every committed notice on
   * {@code channel}, and whenever the feed's connection comes or goes. It must be quick (drop a
   * cache, bump a counter) and must not throw.
   *
   * @param channel a lower-case PostgreSQL identifier, e.g. {@code okpay_status_maintenance}
   */
  void subscribe(String channel, Runnable onChange);

  /**
   * Like {@link #subscribe(String, Runnable)}, with each notice's payload, for a cache of many
   * keys that drops only what the notice names. {@code onNotice} gets null when the feed's
   * connection comes or goes (notices may have been missed: drop everything); an empty payload
   * is the trigger's to define (e.g. a truncate).
   */
  void subscribeWithPayload(String channel, Consumer<String> onNotice);

  /** True while this instance is listening on every subscribed channel. */
  boolean live();
}
