package org.okpay.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.payments.FundingSourcesApi;
import org.okpay.payments.FundingSourcesApi.CardState;
import org.okpay.payments.NextSteps;
import org.okpay.payments.NextSteps.Action;
import org.okpay.payments.Operation;
import org.okpay.payments.TransactionView;
import org.okpay.shared.ErrorCode;
import org.okpay.shared.Money;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The buttons of a failure's next steps ({@link NextSteps}, where each failure code's actions
 * are declared) on the pages: under a failed transaction's tracker, and in a form's error box
 * ({@code ${@nextSteps.forProblem(problem)}}). A button is a link, or a small form that posts
 * the same details again to the operation's review (a retry, another card): the review makes a
 * new idempotency key, so it is a new payment, shown before it is confirmed.
 */
@Component("nextSteps")
public class NextStepButtons {

  /**
   * Where "contact support" leads, in one place: the help center (HelpPagesController), which
   * takes the failure's code and transaction as {@code topic} and {@code transaction} to the
   * category and check they belong to.
   */
  public static final String SUPPORT_PATH = "/help";

  /**
   * One button.
   *
   * @param action the action's code, e.g. {@code use_another_card}
   * @param labelKey the message key of its text
   * @param labelArg what the text names (a card, "Visa •••• 4444"); may be null
   * @param href a link; null when the button posts
   * @param postTo the review it posts {@code fields} to; null for a link
   */
  public record Button(String action, String labelKey, String labelArg, String href,
      String postTo, Map<String, String> fields) {

    static Button link(Action action, String href) {
      return new Button(action.code(), NextStepButtons.labelKey(action), null, href, null,
          Map.of());
    }

    public boolean posts() {
      return postTo != null;
    }
  }

  private final FundingSourcesApi funding;

  NextStepButtons(FundingSourcesApi funding) {
    this.funding = funding;
  }

  private static String labelKey(Action action) {
    return "money.next." + action.code();
  }

  /** The next steps of a failed (or returned) transaction of {@code userId}, for its tracker. */
  public List<Button> forTransaction(UUID userId, TransactionView tx) {
    List<Button> buttons = new ArrayList<>();
    for (Action action : NextSteps.of(tx)) {
      switch (action) {
        case RETRY -> buttons.add(retry(tx));
        case USE_ANOTHER_CARD -> buttons.addAll(otherCards(userId, tx));
        case UPDATE_CARD -> {
          if (tx.cardId() != null) {
            buttons.add(Button.link(action, "/account/cards?update=" + tx.cardId()
                + "#update-" + tx.cardId()));
          }
        }
        case USE_ANOTHER_BANK_ACCOUNT, CHANGE_AMOUNT, CHECK_DETAILS ->
            buttons.add(Button.link(action, formHref(tx)));
        case TOP_UP_FIRST -> buttons.add(Button.link(action,
            "/account/money/top-up?currency=" + tx.amount().currency().getCurrencyCode()));
        case CHECK_STATUS -> buttons.add(Button.link(action, "/status"));
        case CONTACT_SUPPORT -> buttons.add(Button.link(action,
            supportHref(tx.failure(), tx.id())));
        // Shown where the user already is: the tracker, the review.
        case OPEN_TRACKER, CONFIRM_NEW_QUOTE, ENTER_SECOND_FACTOR -> { }
      }
    }
    return buttons;
  }

  /**
   * The next steps of a refusal shown in a form's error box that lead somewhere else; those the
   * form itself offers (another card among its choices, the amount, a code) are left out.
   */
  public List<Button> forProblem(ProblemDetail problem) {
    if (problem == null || problem.getProperties() == null) {
      return List.of();
    }
    Object code = problem.getProperties().get("code");
    Optional<ErrorCode> error = Arrays.stream(ErrorCode.values())
        .filter(c -> c.code().equals(code)).findFirst();
    if (error.isEmpty()) {
      return List.of();
    }
    Object transactionId = problem.getProperties().get("transactionId");
    List<Button> buttons = new ArrayList<>();
    for (Action action : NextSteps.of(error.get(), null, transactionId != null)) {
      switch (action) {
        case UPDATE_CARD -> buttons.add(Button.link(action, "/account/cards"));
        case TOP_UP_FIRST -> buttons.add(Button.link(action, "/account/money/top-up"));
        case CHECK_STATUS -> buttons.add(Button.link(action, "/status"));
        case CONTACT_SUPPORT -> buttons.add(Button.link(action, supportHref(error.get(), null)));
        case OPEN_TRACKER -> buttons.add(Button.link(action,
            "/account/money/transactions/" + transactionId));
        default -> { }
      }
    }
    return buttons;
  }

  /** What did not happen to the money of a failed or returned transaction (a message key). */
  public String reassuranceKey(TransactionView tx) {
    return NextSteps.reassuranceKey(tx);
  }

  /** The one place the support link is made. */
  static String supportHref(ErrorCode code, UUID transactionId) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromPath(SUPPORT_PATH)
        .queryParam("topic", code.code());
    if (transactionId != null) {
      uri.queryParam("transaction", transactionId);
    }
    return uri.toUriString();
  }

  /** The same details posted to the review again; a link to the form where they cannot be. */
  private Button retry(TransactionView tx) {
    Map<String, String> fields = retryFields(tx);
    if (fields == null) {
      return Button.link(Action.RETRY, formHref(tx));
    }
    return new Button(Action.RETRY.code(), labelKey(Action.RETRY), null, null,
        "/account/money/" + formPath(tx.operation()) + "/review", fields);
  }

  /** The form's fields for the same payment; null when the transaction does not hold them. */
  private static Map<String, String> retryFields(TransactionView tx) {
    if (tx.operation() == null) {
      return null;
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String amount = major(tx.amount());
    String currency = tx.amount().currency().getCurrencyCode();
    switch (tx.operation()) {
      case TOPUP_CARD -> {
        if (tx.cardId() == null) {
          return null;
        }
        fields.put("source", "card:" + tx.cardId());
      }
      case TOPUP_BANK -> {
        if (tx.bankAccountId() == null) {
          return null;
        }
        fields.put("source", "bank:" + tx.bankAccountId());
      }
      case WITHDRAWAL -> {
        if (tx.bankAccountId() == null) {
          return null;
        }
        fields.put("bankAccountId", tx.bankAccountId().toString());
      }
      case P2P -> {
        fields.put("recipient", tx.counterparty());
        if (tx.note() != null) {
          fields.put("note", tx.note());
        }
      }
      case CONVERT -> {
        if (tx.targetAmount() == null) {
          return null;
        }
        fields.put("from", currency);
        fields.put("to", tx.targetAmount().currency().getCurrencyCode());
      }
      case CROSS_BORDER -> {
        return null;
      }
    }
    fields.put("amount", amount);
    fields.put("currency", currency);
    return fields;
  }

  /** "Pay with" each of the user's other usable cards: the same top-up, another card. */
  private List<Button> otherCards(UUID userId, TransactionView tx) {
    List<Button> buttons = new ArrayList<>();
    funding.cards(userId).stream()
        .filter(c -> c.state() == CardState.ACTIVE && !c.id().equals(tx.cardId()))
        .forEach(c -> {
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put("source", "card:" + c.id());
          fields.put("amount", major(tx.amount()));
          fields.put("currency", tx.amount().currency().getCurrencyCode());
          buttons.add(new Button(Action.USE_ANOTHER_CARD.code(), "money.next.payWith",
              brand(c.brand()) + " •••• " + c.last4(), null, "/account/money/top-up/review",
              fields));
        });
    if (buttons.isEmpty()) {
      buttons.add(Button.link(Action.USE_ANOTHER_CARD, "/account/cards"));
    }
    return buttons;
  }

  /** The operation's form (an operation of another module: the wallet). */
  private static String formHref(TransactionView tx) {
    if (tx.operation() == null) {
      return "/account/money";
    }
    return "/account/money/" + formPath(tx.operation()) + "?currency="
        + tx.amount().currency().getCurrencyCode();
  }

  private static String formPath(Operation operation) {
    return switch (operation) {
      case TOPUP_CARD, TOPUP_BANK -> "top-up";
      case WITHDRAWAL -> "withdraw";
      case P2P -> "send";
      case CONVERT -> "convert";
      case CROSS_BORDER -> "abroad";
    };
  }

  /** An amount as typed on the forms, in major units: 12.50. */
  private static String major(Money money) {
    return BigDecimal.valueOf(money.amountMinor(),
        Math.max(0, money.currency().getDefaultFractionDigits())).toPlainString();
  }

  private static String brand(String brand) {
    return brand == null || brand.isEmpty() ? ""
        : Character.toUpperCase(brand.charAt(0)) + brand.substring(1);
  }
}
