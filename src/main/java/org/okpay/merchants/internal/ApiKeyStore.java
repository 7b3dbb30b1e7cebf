package org.okpay.merchants.internal;

import static org.okpay.merchants.internal.MerchantStore.instant;
import static org.okpay.merchants.internal.MerchantStore.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.okpay.merchants.Access;
import org.okpay.merchants.ApiResource;
import org.okpay.merchants.MerchantsApi.ApiKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** merchants.api_keys. Every read and write but the lookup by secret is scoped to a merchant. */
@Component
class ApiKeyStore {

  /** How often last_used_at is written at most: a busy key costs one UPDATE a minute. */
  static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  /** A key found by its secret: what authentication needs. */
  record Found(UUID id, UUID merchantId, Map<ApiResource, Access> scopes, Instant lastUsedAt) {
  }

  private final JdbcClient jdbc;
  private final JsonMapper json;

  ApiKeyStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  void insert(ApiKey key, byte[] secretHash, UUID createdBy) {
    jdbc.sql("""
        insert into merchants.api_keys (id, merchant_id, name, kind, prefix, secret_hash, scopes,
          created_by, created_at, expires_at)
        values (:id, :merchant, :name, :kind, :prefix, :hash, cast(:scopes as jsonb), :by, :now, :expires)
        """).param("id", key.id()).param("merchant", key.merchantId()).param("name", key.name())
        .param("kind", key.kind().key()).param("prefix", key.prefix()).param("hash", secretHash)
        .param("scopes", scopesJson(key.scopes())).param("by", createdBy)
        .param("now", utc(key.createdAt())).param("expires", utc(key.expiresAt())).update();
  }

  /**
   * The usable key with this hash at {@code now}: not revoked, not expired, of a merchant that
   * is not rejected. Empty for anything else, which the caller answers all the same.
   */
  Optional<Found> usable(byte[] secretHash, Instant now) {
    return jdbc.sql("""
        select k.id, k.merchant_id, k.scopes::text as scopes, k.kind, k.last_used_at
          from merchants.api_keys k join merchants.merchants m on m.id = k.merchant_id
         where k.secret_hash = :hash and k.revoked_at is null
           and (k.expires_at is null or k.expires_at > :now) and m.verification <> 'rejected'
        """).param("hash", secretHash).param("now", utc(now))
        .query((rs, n) -> new Found(rs.getObject("id", UUID.class),
            rs.getObject("merchant_id", UUID.class), scopes(rs.getString("scopes"),
                ApiKey.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT))),
            instant(rs, "last_used_at"))).optional();
  }

  /**
   * Records a use: a conditional UPDATE that writes only when the last recorded use is a minute
   * or more before {@code now}, so concurrent requests never race a read against a write and a
   * busy key is written once a minute. True when it wrote.
   */
  boolean touch(UUID keyId, Instant now) {
    return jdbc.sql("""
        update merchants.api_keys set last_used_at = :now
         where id = :id and (last_used_at is null or last_used_at <= :before)
        """).param("now", utc(now)).param("id", keyId)
        .param("before", utc(now.minus(LAST_USED_GRANULARITY))).update() == 1;
  }

  List<ApiKey> ofMerchant(UUID merchantId, int limit) {
    return jdbc.sql("""
        select * , scopes::text as scopes_text from merchants.api_keys where merchant_id = :merchant
         order by created_at desc, id desc limit :limit
        """).param("merchant", merchantId).param("limit", limit).query(this::key).list();
  }

  Optional<ApiKey> lock(UUID merchantId, UUID keyId) {
    return jdbc.sql("""
        select *, scopes::text as scopes_text from merchants.api_keys
         where id = :id and merchant_id = :merchant for update
        """).param("id", keyId).param("merchant", merchantId).query(this::key).optional();
  }

  /** Keys still usable at {@code now}, for the per-merchant limit. */
  int countActive(UUID merchantId, Instant now) {
    return jdbc.sql("""
        select count(*) from merchants.api_keys where merchant_id = :merchant
           and revoked_at is null and (expires_at is null or expires_at > :now)
        """).param("merchant", merchantId).param("now", utc(now)).query(Integer.class).single();
  }

  /** Brings the key's expiry forward to {@code expiresAt} (never later) and links its successor. */
  void expireRolled(UUID merchantId, UUID keyId, Instant expiresAt, UUID rolledTo) {
    MerchantStore.requireOne(jdbc.sql("""
        update merchants.api_keys
           set expires_at = least(coalesce(expires_at, :expires), :expires), rolled_to = :next
         where id = :id and merchant_id = :merchant
        """).param("expires", utc(expiresAt)).param("next", rolledTo).param("id", keyId)
        .param("merchant", merchantId).update());
  }

  /** Revokes at once; a revoked key stays as it was. */
  void revoke(UUID merchantId, UUID keyId, Instant now) {
    jdbc.sql("""
        update merchants.api_keys set revoked_at = :now
         where id = :id and merchant_id = :merchant and revoked_at is null
        """).param("now", utc(now)).param("id", keyId).param("merchant", merchantId).update();
  }

  private ApiKey key(ResultSet rs, int n) throws SQLException {
    ApiKey.Kind kind = ApiKey.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT));
    return new ApiKey(rs.getObject("id", UUID.class), rs.getObject("merchant_id", UUID.class),
        rs.getString("name"), kind,
        rs.getString("prefix"), scopes(rs.getString("scopes_text"), kind), instant(rs, "created_at"),
        instant(rs, "expires_at"), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
  }

  String scopesJson(Map<ApiResource, Access> scopes) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (ApiResource resource : ApiResource.values()) {
      out.put(resource.key(), scopes.getOrDefault(resource, Access.NONE).key());
    }
    return json.writeValueAsString(out);
  }

  /**
   * A resource added after the key was made (e.g. disputes) is write for a secret key, which has
   * write on everything, and none for a restricted key.
   */
  private Map<ApiResource, Access> scopes(String text, ApiKey.Kind kind) {
    JsonNode node = json.readTree(text);
    Map<ApiResource, Access> scopes = new EnumMap<>(ApiResource.class);
    Access missing = kind == ApiKey.Kind.SECRET ? Access.WRITE : Access.NONE;
    for (ApiResource resource : ApiResource.values()) {
      JsonNode value = node.get(resource.key());
      scopes.put(resource, value == null ? missing : Access.fromKey(value.asString()));
    }
    return scopes;
  }
}
