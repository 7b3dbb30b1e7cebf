package org.okpay.merchants.internal.reports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.ZoneId;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantReportsApi;
import org.okpay.merchants.MerchantReportsApi.DailyReport;
import org.okpay.shared.FieldErrors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard chart's figures for a key (UTC days, like the rest of the API). */
@RestController
@Tag(name = "Merchant API")
class ReportsApiController {

  private final MerchantReportsApi reports;

  ReportsApiController(MerchantReportsApi reports) {
    this.reports = reports;
  }

  @GetMapping("/api/v1/merchant/reports/daily")
  @Operation(summary = "Completed payments and succeeded refunds per UTC day and currency over "
      + "the last days up to today (needs payments: read)")
  DailyReport daily(MerchantCaller caller,
      @Parameter(description = "How many days, today included: 1 to 366; 30 by default")
      @RequestParam(required = false) String days) {
    return reports.daily(caller, days(days), ZoneId.of("UTC"));
  }

  private static int days(String text) {
    if (text == null || text.isBlank()) {
      return MerchantReportsApi.DAYS_DEFAULT;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException notANumber) {
      throw FieldErrors.invalid("days", FieldErrors.FORMAT);
    }
  }
}
