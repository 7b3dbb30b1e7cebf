package org.okpay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A database of its own for a test context that must not share tables with the main one, e.g.
 * an instance configured differently whose background workers would otherwise take the main
 * context's work. With OKPAY_TEST_DB_URL set it is a sibling database on the same server
 * ({@code <name>_<suffix>}, created when missing); without it every context already starts its
 * own throw-away embedded PostgreSQL, so the URL stays blank.
 */
public final class SeparateTestDatabase {

  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?");
  private static final Pattern SUFFIX = Pattern.compile("[a-z0-9_]{1,20}");

  private SeparateTestDatabase() {
  }

  /** The JDBC URL to give the context's {@code spring.datasource.url}. */
  public static String url(String suffix) {
    if (!SUFFIX.matcher(suffix).matches()) {
      throw new IllegalArgumentException("suffix must be [a-z0-9_]{1,20}");
    }
    String base = System.getenv("OKPAY_TEST_DB_URL");
    if (base == null || base.isBlank()) {
      return "";
    }
    Matcher matcher = URL.matcher(base);
    if (!matcher.matches()) {
      throw new IllegalStateException("OKPAY_TEST_DB_URL is not jdbc:postgresql://host/name: " + base);
    }
    String name = matcher.group(2) + "_" + suffix;
    create(base, name);
    return matcher.group(1) + name + (matcher.group(3) == null ? "" : matcher.group(3));
  }

  private static void create(String baseUrl, String name) {
    String user = env("OKPAY_TEST_DB_USER", "postgres");
    String password = env("OKPAY_TEST_DB_PASSWORD", "");
    try (Connection connection = DriverManager.getConnection(baseUrl, user, password);
         Statement statement = connection.createStatement()) {
      statement.execute("create database \"" + name + "\"");
    } catch (SQLException e) {
      // 42P04: it exists already (an earlier run); 23505: a parallel run created it just now.
      if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw new IllegalStateException("cannot create test database " + name, e);
      }
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
