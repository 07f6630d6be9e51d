package dev.keel.engine.auth;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Users ({@code users}), their role grants ({@code role_grants}) and API tokens ({@code
 * api_tokens}).
 */
@RegisterConstructorMapper(IdentityDao.UserRow.class)
@RegisterConstructorMapper(IdentityDao.GrantRow.class)
@RegisterConstructorMapper(IdentityDao.TokenRow.class)
@RegisterConstructorMapper(IdentityStore.TokenView.class)
public interface IdentityDao {

  record UserRow(String name, OffsetDateTime createdAt) {}

  /** A role on a model ({@code *}: every model). */
  record GrantRow(String role, String model) {}

  /** A stored token: whose, the hash of its secret, and whether it is still live. */
  record TokenRow(
      String userName,
      String secretHash,
      String kind,
      String model,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt) {}

  /** Creates a user; 0 when the name is taken. */
  @SqlUpdate("INSERT INTO users (name, created_by) VALUES (:name, :actor) ON CONFLICT DO NOTHING")
  int insertUser(@Bind("name") String name, @Bind("actor") String actor);

  @SqlQuery("SELECT name, created_at FROM users WHERE name = :name")
  Optional<UserRow> user(@Bind("name") String name);

  @SqlQuery("SELECT name, created_at FROM users ORDER BY name")
  List<UserRow> users();

  /** Grants a role on a model; 0 when the user has it already. */
  @SqlUpdate(
      "INSERT INTO role_grants (user_name, role, model, granted_by) VALUES (:user, :role, :model, :actor) "
          + "ON CONFLICT DO NOTHING")
  int insertGrant(
      @Bind("user") String user,
      @Bind("role") String role,
      @Bind("model") String model,
      @Bind("actor") String actor);

  /** Takes a role on a model away; 0 when the user did not have it. */
  @SqlUpdate("DELETE FROM role_grants WHERE user_name = :user AND role = :role AND model = :model")
  int deleteGrant(
      @Bind("user") String user, @Bind("role") String role, @Bind("model") String model);

  @SqlQuery("SELECT role, model FROM role_grants WHERE user_name = :user ORDER BY role, model")
  List<GrantRow> grants(@Bind("user") String user);

  @SqlQuery("SELECT count(*) > 0 FROM api_tokens WHERE id = :id")
  boolean tokenExists(@Bind("id") String id);

  @SqlUpdate(
      "INSERT INTO api_tokens (id, user_name, secret_hash, kind, model, description, created_by, expires_at) "
          + "VALUES (:id, :user, :hash, :kind, :model, :description, :actor, :expires)")
  void insertToken(
      @Bind("id") String id,
      @Bind("user") String user,
      @Bind("hash") String secretHash,
      @Bind("kind") String kind,
      @Bind("model") String model,
      @Bind("description") String description,
      @Bind("actor") String actor,
      @Bind("expires") OffsetDateTime expiresAt);

  /** Revokes a live token; 0 when it is unknown or revoked already. */
  @SqlUpdate("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND revoked_at IS NULL")
  int revokeToken(@Bind("id") String id);

  @SqlQuery(
      "SELECT user_name, secret_hash, kind, model, expires_at, revoked_at FROM api_tokens WHERE id = :id")
  Optional<TokenRow> token(@Bind("id") String id);

  /** Tokens (never their secrets) of {@code user}, or of everyone when null, oldest first. */
  @SqlQuery(
      "SELECT id, user_name AS \"user\", kind, model, description, created_by, created_at, expires_at, "
          + "revoked_at FROM api_tokens WHERE (CAST(:user AS TEXT) IS NULL OR user_name = :user) ORDER BY created_at, id")
  List<IdentityStore.TokenView> tokens(@Bind("user") String user);
}
