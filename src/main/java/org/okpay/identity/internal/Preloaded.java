package org.okpay.identity.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A value a bean computes on a thread of its own while the context goes on creating the other
 * beans, instead of on the main thread (issue 14, start-up: reading nbvcxz's dictionaries and the
 * Argon2 decoy hash took about half a second of it). The bean awaits it in
 * {@code afterSingletonsInstantiated}, before the web server starts, so the application takes no
 * request before the value exists and a failure still fails the start, as when the constructor
 * computed it; {@link #get} awaits it too, for a bean made outside a context (tests).
 */
final class Preloaded<T> {

  private final CompletableFuture<T> value = new CompletableFuture<>();

  Preloaded(String threadName, Supplier<T> computation) {
    Thread.ofPlatform().name(threadName).daemon().start(() -> {
      try {
        value.complete(computation.get());
      } catch (Throwable e) {
        value.completeExceptionally(e);
      }
    });
  }

  /** The value, once computed; the computation's own exception if it failed. */
  T get() {
    try {
      return value.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
