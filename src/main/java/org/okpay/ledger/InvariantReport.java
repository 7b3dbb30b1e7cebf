package org.okpay.ledger;

import java.util.List;

/**
 * The result of checking every ledger invariant. Each list names what is wrong; all empty means
 * the ledger is consistent.
 *
 * @param unbalancedCurrencies currencies whose balances do not sum to zero
 * @param accountsNotMatchingTransfers accounts whose stored balances differ from their transfers
 * @param negativeAccounts customer or merchant accounts with a negative available balance
 */
public record InvariantReport(
    long accountsChecked,
    long transfersChecked,
    List<String> unbalancedCurrencies,
    List<Long> accountsNotMatchingTransfers,
    List<Long> negativeAccounts) {

  public boolean holds() {
    return unbalancedCurrencies.isEmpty() && accountsNotMatchingTransfers.isEmpty()
        && negativeAccounts.isEmpty();
  }
}
