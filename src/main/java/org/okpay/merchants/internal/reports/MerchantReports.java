package org.okpay.merchants.internal.reports;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantCaller;
import org.okpay.merchants.MerchantReportsApi;
import org.okpay.shared.FieldErrors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The daily report in one set-based statement: every day of the range crossed with every
 * currency that moved, completed payments by their creation day and succeeded refunds by the day
 * they succeeded, both in the reader's zone, always {@code merchant_id = :merchant}.
 */
@Service
class MerchantReports implements MerchantReportsApi {

  private static final String DAILY = """
      with days as (
        select cast(d as date) as day
          from generate_series(cast(:first as date), cast(:last as date), interval '1 day') d
      ), volume as (
        select cast((created_at at time zone :zone) + make_interval(secs => :shift) as date) as day, currency,
               sum(amount_minor) as minor, count(*) as n
          from merchants.payments
         where merchant_id = :merchant and status = 'succeeded'
           and created_at >= :from and created_at < :until
         group by 1, 2
      ), refunded as (
        select cast((succeeded_at at time zone :zone) + make_interval(secs => :shift) as date) as day, currency,
               sum(amount_minor) as minor, count(*) as n
          from merchants.refunds
         where merchant_id = :merchant and status = 'succeeded'
           and succeeded_at >= :from and succeeded_at < :until
         group by 1, 2
      ), currencies as (
        select currency from volume union select currency from refunded
      )
      select c.currency, d.day, coalesce(v.minor, 0) as volume_minor, coalesce(v.n, 0) as payments,
             coalesce(r.minor, 0) as refunded_minor, coalesce(r.n, 0) as refunds
        from currencies c
        cross join days d
        left join volume v on v.currency = c.currency and v.day = d.day
        left join refunded r on r.currency = c.currency and r.day = d.day
       order by c.currency, d.day
      """;

  private final JdbcClient jdbc;
  private final Clock clock;

  MerchantReports(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  @org.okpay.shared.ReplicaRead
  public DailyReport daily(MerchantCaller caller, int days, ZoneId zone) {
    caller.require(ApiResource.PAYMENTS, Access.READ);
    if (days < 1 || days > DAYS_MAX) {
      throw FieldErrors.invalid("days", FieldErrors.OUT_OF_RANGE);
    }
    LocalDate last = LocalDate.now(clock.withZone(zone));
    LocalDate first = last.minusDays(days - 1L);
    // A fixed offset goes as seconds added to UTC: PostgreSQL reads '+08:00' as POSIX (west).
    ZoneId normalized = zone.normalized();
    boolean region = !(normalized instanceof ZoneOffset);
    Map<String, List<DayTotals>> byCurrency = new LinkedHashMap<>();
    jdbc.sql(DAILY)
        .param("first", first)
        .param("last", last)
        .param("zone", region ? normalized.getId() : "UTC")
        .param("shift", region ? 0 : ((ZoneOffset) normalized).getTotalSeconds())
        .param("merchant", caller.merchantId())
        .param("from", utc(first, zone))
        .param("until", utc(last.plusDays(1), zone))
        .query(rs -> {
          byCurrency.computeIfAbsent(rs.getString("currency"), c -> new ArrayList<>())
              .add(new DayTotals(rs.getObject("day", LocalDate.class), rs.getLong("volume_minor"),
                  rs.getLong("payments"), rs.getLong("refunded_minor"), rs.getLong("refunds")));
        });
    List<CurrencyDays> currencies = byCurrency.entrySet().stream()
        .map(e -> new CurrencyDays(Currency.getInstance(e.getKey()), List.copyOf(e.getValue())))
        .toList();
    return new DailyReport(first, last, zone.getId(), currencies);
  }

  private static OffsetDateTime utc(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant().atOffset(ZoneOffset.UTC);
  }
}
