package org.okpay.notify;

/**
 * One notice for {@link NotifyApi#enqueueAll}: an {@link EmailRequest} or an {@link InAppRequest}.
 */
public sealed interface NoticeRequest permits EmailRequest, InAppRequest {

  /** Its dedup key, or null (see the requests' own records). */
  String dedupKey();
}
