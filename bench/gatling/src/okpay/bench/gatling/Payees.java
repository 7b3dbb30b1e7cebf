package okpay.bench.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The prepared users' addresses (a CSV with the header {@code payee}), and a random one that is
 * not the sender's: a payment to oneself is refused (422), which would count as a failed request.
 */
final class Payees {

  private final List<String> addresses;

  Payees(String file) {
    try {
      addresses = Files.readAllLines(Path.of(file)).stream().skip(1).filter(s -> !s.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (addresses.size() < 2) {
      throw new IllegalArgumentException("need at least two payees in " + file);
    }
  }

  String otherThan(String sender) {
    while (true) {
      String payee = addresses.get(ThreadLocalRandom.current().nextInt(addresses.size()));
      if (!payee.equalsIgnoreCase(sender)) {
        return payee;
      }
    }
  }
}
