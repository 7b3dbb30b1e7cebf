package org.okpay.identity.internal;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** A QR code drawn server-side as an SVG data URI, for an {@code <img>} or a JSON answer. */
final class QrCodes {

  /** An otpauth URI is about 120 characters; far more would mean a bug, not a user. */
  static final int TEXT_MAX = 512;
  /** Blank modules around the code, as the QR standard asks for scanners to find it. */
  private static final int QUIET_ZONE = 4;

  private QrCodes() {
  }

  static String svgDataUri(String text) {
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(svg(text).getBytes(StandardCharsets.UTF_8));
  }

  static String svg(String text) {
    if (text.length() > TEXT_MAX) {
      throw new IllegalArgumentException("QR text longer than " + TEXT_MAX);
    }
    BitMatrix matrix;
    try {
      matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
          EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN, 0,
          EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      throw new IllegalStateException("cannot draw a QR code of " + text.length() + " chars", e);
    }
    int size = matrix.getWidth() + 2 * QUIET_ZONE;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x + QUIET_ZONE).append(' ').append(y + QUIET_ZONE)
              .append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + " " + size
        + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size
        + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
  }
}
