package org.okpay.merchants.internal.webhooks;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.okpay.merchants.internal.webhooks.DeliveryStore.Outcome;
import org.okpay.shared.OkPayException;

/**
 * Sends one signed webhook: POST of the stored body with the Standard Webhooks headers, no
 * redirects followed, everything (connection, answer, reading) within the timeout, and at most
 * the first {@value #RESPONSE_BYTES_MAX} bytes of the answer kept for the delivery log.
 */
final class WebhookSender {

  static final int RESPONSE_BYTES_MAX = 1024;
  static final String USER_AGENT = "OKPay-Webhooks/1";

  private final HttpClient client;
  private final TargetGuard guard;
  private final Duration timeout;

  WebhookSender(TargetGuard guard, Duration timeout) {
    this.guard = guard;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(timeout)
        .build();
  }

  /** Never throws for what the endpoint did: every outcome is a value for the log. */
  Outcome send(String url, UUID eventId, String body, List<String> secrets, Instant now) {
    long startNanos = System.nanoTime();
    URI uri;
    try {
      uri = guard.check(url);
    } catch (OkPayException e) {
      return new Outcome(now, null, 0, null, "refused: " + e.errorCode().code());
    }
    long timestampSeconds = now.getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("content-type", "application/json")
        .header("user-agent", USER_AGENT)
        .header("webhook-id", eventId.toString())
        .header("webhook-timestamp", Long.toString(timestampSeconds))
        .header("webhook-signature", WebhookSigner.header(secrets, eventId, timestampSeconds, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new FirstBytes(RESPONSE_BYTES_MAX));
    try {
      HttpResponse<byte[]> response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome(now, response.statusCode(), elapsedMs(startNanos), text(response.body()),
          null);
    } catch (TimeoutException e) {
      future.cancel(true);
      return failure(now, startNanos, "timeout after " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String reason = cause instanceof HttpTimeoutException
          ? "timeout after " + timeout.toSeconds() + " s"
          : cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
              : ": " + cause.getMessage());
      return failure(now, startNanos, reason);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return failure(now, startNanos, "interrupted");
    }
  }

  private static Outcome failure(Instant now, long startNanos, String error) {
    return new Outcome(now, null, elapsedMs(startNanos), null, error);
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** The bytes as UTF-8 text (malformed bytes replaced), without NUL, which text columns refuse. */
  static String text(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return text.replace('\0', '\uFFFD');
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  /** Keeps the first {@code max} bytes of a body and stops reading (cancels) after them. */
  static final class FirstBytes implements BodySubscriber<byte[]> {

    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;

    FirstBytes(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        int room = max - bytes.size();
        int take = Math.min(room, buffer.remaining());
        byte[] chunk = new byte[take];
        buffer.get(chunk);
        bytes.write(chunk, 0, take);
      }
      if (bytes.size() >= max) {
        subscription.cancel();
        result.complete(bytes.toByteArray());
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }
  }
}
