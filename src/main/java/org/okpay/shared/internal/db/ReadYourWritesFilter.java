package org.okpay.shared.internal.db;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.util.OnCommittedResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The write side of read-your-writes (the read side is {@link ReplicaReadInterceptor}). A
 * request that may write (POST, PUT, PATCH, DELETE) by a signed-in subject marks the subject as
 * writing before it runs; when its answer is about to be sent (everything it wrote is committed
 * by then) the primary's WAL insert position is recorded for the subject and sent back in the
 * cookie {@value #COOKIE}, so that the client's next requests read from the primary until the
 * replica has replayed that far, whichever instance they reach. Every request's cookie is read
 * for the same reason.
 *
 * <p>A forged cookie can only send its own client's reads to the primary. It lives for the
 * read-your-writes window, after which the replica has the write anyway (max-lag is shorter).
 */
final class ReadYourWritesFilter extends OncePerRequestFilter {

  static final String COOKIE = "okpay_rw";
  private static final Logger log = LoggerFactory.getLogger(ReadYourWritesFilter.class);
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final int COOKIE_LENGTH_MAX = 20;

  private final DataSource primary;
  private final WriteMarkers markers;
  private final long windowSeconds;

  ReadYourWritesFilter(DataSource primary, WriteMarkers markers, java.time.Duration window) {
    this.primary = primary;
    this.markers = markers;
    this.windowSeconds = Math.max(1, window.toSeconds());
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
      FilterChain chain) throws ServletException, IOException {
    ReplicaReadInterceptor.requestLsn(cookieLsn(request));
    try {
      String subject = WRITES.contains(request.getMethod())
          ? ReplicaReadInterceptor.subject() : null;
      if (subject == null) {
        chain.doFilter(request, response);
        return;
      }
      markers.writeStarted(subject);
      MarkOnCommit marked = new MarkOnCommit(request, response, subject);
      try {
        chain.doFilter(request, marked);
      } finally {
        marked.mark();
      }
    } finally {
      ReplicaReadInterceptor.requestLsn(null);
    }
  }

  private static Long cookieLsn(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      String value = cookie.getValue();
      if (COOKIE.equals(cookie.getName()) && value != null && !value.isEmpty()
          && value.length() <= COOKIE_LENGTH_MAX && value.chars().allMatch(Character::isDigit)) {
        try {
          return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
          return null;
        }
      }
    }
    return null;
  }

  /** The primary's WAL insert position now: at or past the end of every commit made so far. */
  private long primaryLsn() throws SQLException {
    try (Connection c = primary.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("select (pg_current_wal_insert_lsn() - '0/0')::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Records the subject's position once, just before the answer's first byte leaves. */
  private final class MarkOnCommit extends OnCommittedResponseWrapper {

    private final HttpServletRequest request;
    private final String subject;
    private boolean marked;

    MarkOnCommit(HttpServletRequest request, HttpServletResponse response, String subject) {
      super(response);
      this.request = request;
      this.subject = subject;
    }

    @Override
    protected void onResponseCommitted() {
      mark();
    }

    void mark() {
      if (marked) {
        return;
      }
      marked = true;
      long lsn;
      try {
        lsn = primaryLsn();
      } catch (SQLException | RuntimeException e) {
        // Unknown: the subject reads from the primary for the whole window, which is safe.
        log.debug("read-your-writes: primary position unknown: {}", e.toString());
        lsn = Long.MAX_VALUE;
      }
      markers.writeEnded(subject, lsn);
      if (lsn != Long.MAX_VALUE && !isCommitted()) {
        addHeader("Set-Cookie", ResponseCookie.from(COOKIE, Long.toString(lsn)).path("/")
            .maxAge(windowSeconds).httpOnly(true).secure(request.isSecure()).sameSite("Lax")
            .build().toString());
      }
    }
  }
}
