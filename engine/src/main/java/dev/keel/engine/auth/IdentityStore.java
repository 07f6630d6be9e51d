package dev.keel.engine.auth;

import dev.keel.engine.api.Names;
import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Users, role grants and API tokens in PostgreSQL. Token issue and revocation and role changes are
 * audited in the same transaction.
 */
public final class IdentityStore {

  /** The longest a token may live. */
  public static final int MAX_TOKEN_DAYS = 366;

  private final Jdbi jdbi;

  public IdentityStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A token as listed (never its secret). */
  public record TokenView(
      String id,
      String user,
      String kind,
      String model,
      String description,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt) {}

  /** A newly issued token; {@code token} is shown this once. */
  public record NewToken(
      String id, String token, String user, String kind, String model, OffsetDateTime expiresAt) {}

  /** A user and its grants. */
  public record UserView(String name, List<String> roles, OffsetDateTime createdAt) {}

  public UserView createUser(String name, String actor) {
    checkUserName(name);
    boolean created =
        jdbi.inTransaction(
            h -> {
              int n = h.attach(IdentityDao.class).insertUser(name, actor);
              if (n == 1) {
                AuditLog.append(h, actor, "user-create", name, "ok", null, null);
              }
              return n == 1;
            });
    if (!created) {
      throw new Conflict("user '" + name + "' already exists");
    }
    return user(name);
  }

  /** Creates a user (a service account, say) unless it exists. */
  public void createUserIfMissing(String name, String actor) {
    checkUserName(name);
    jdbi.useTransaction(
        h -> {
          if (h.attach(IdentityDao.class).insertUser(name, actor) == 1) {
            AuditLog.append(h, actor, "user-create", name, "ok", null, null);
          }
        });
  }

  public UserView user(String name) {
    return jdbi.withExtension(
            IdentityDao.class,
            dao -> dao.user(name).map(u -> new UserView(u.name(), roles(dao, name), u.createdAt())))
        .orElseThrow(() -> new NotFound("user '" + name + "' does not exist"));
  }

  public List<UserView> users() {
    return jdbi.withExtension(
        IdentityDao.class,
        dao ->
            dao.users().stream()
                .map(u -> new UserView(u.name(), roles(dao, u.name()), u.createdAt()))
                .toList());
  }

  public UserView grant(String user, String roleName, String model, String actor) {
    Role role = role(roleName);
    String scope =
        model == null || model.isBlank() ? Grant.EVERY_MODEL : Names.check("model", model);
    user(user);
    jdbi.useTransaction(
        h -> {
          int n = h.attach(IdentityDao.class).insertGrant(user, role.wire(), scope, actor);
          if (n == 1) {
            AuditLog.append(h, actor, "role-grant", user, "ok", null, role.wire() + " on " + scope);
          }
        });
    return user(user);
  }

  public UserView revoke(String user, String roleName, String model, String actor) {
    Role role = role(roleName);
    String scope = model == null || model.isBlank() ? Grant.EVERY_MODEL : model;
    user(user);
    jdbi.useTransaction(
        h -> {
          int n = h.attach(IdentityDao.class).deleteGrant(user, role.wire(), scope);
          if (n == 1) {
            AuditLog.append(
                h, actor, "role-revoke", user, "ok", null, role.wire() + " on " + scope);
          }
        });
    return user(user);
  }

  /**
   * Issues a token for {@code user}: a user token acts with the user's roles; a serving token may
   * only call predict and feedback of {@code model}.
   */
  public NewToken issue(
      String user, String kind, String model, Integer days, String description, String actor) {
    user(user);
    String k = kind == null ? "user" : kind;
    if (!k.equals("user") && !k.equals("serving")) {
      throw new InvalidInput(
          "field 'kind': '" + kind + "' is not a token kind; expected 'user' or 'serving'");
    }
    if (k.equals("serving") && (model == null || model.isBlank())) {
      throw new InvalidInput(
          "field 'model' is required for a serving token: the model it may call");
    }
    if (k.equals("user") && model != null) {
      throw new InvalidInput(
          "field 'model' is only for serving tokens; a user token acts with the user's " + "roles");
    }
    int lifetime = days == null ? 90 : days;
    if (lifetime < 1 || lifetime > MAX_TOKEN_DAYS) {
      throw new InvalidInput(
          "field 'expiresInDays': "
              + lifetime
              + " is out of range; expected 1 to "
              + MAX_TOKEN_DAYS);
    }
    if (description != null && description.length() > 200) {
      throw new InvalidInput("field 'description' is longer than 200 characters");
    }
    Tokens.Issued issued = Tokens.generate();
    OffsetDateTime expires =
        OffsetDateTime.ofInstant(Instant.now().plus(Duration.ofDays(lifetime)), ZoneOffset.UTC);
    jdbi.useTransaction(
        h -> {
          insert(h, issued, user, k, model, description, actor, expires);
          AuditLog.append(
              h,
              actor,
              "token-issue",
              user,
              "ok",
              null,
              "token " + issued.id() + " (" + k + (model == null ? "" : " of " + model) + ")");
        });
    return new NewToken(issued.id(), issued.token(), user, k, model, expires);
  }

  /**
   * Stores a given token text for {@code user} with the given roles unless that token is already
   * stored; for the developer-mode and test bootstrap administrator.
   */
  public void bootstrap(String user, String token, List<Role> roles) {
    String[] parts = Tokens.split(token);
    if (parts == null) {
      throw new IllegalArgumentException(
          "auth.bootstrapToken is not a Keel token (keel_<16 hex>_<43 base64url>)");
    }
    jdbi.useTransaction(
        h -> {
          IdentityDao dao = h.attach(IdentityDao.class);
          dao.insertUser(user, "bootstrap");
          for (Role role : roles) {
            dao.insertGrant(user, role.wire(), Grant.EVERY_MODEL, "bootstrap");
          }
          boolean known = dao.tokenExists(parts[0]);
          if (!known) {
            insert(
                h,
                new Tokens.Issued(parts[0], token),
                user,
                "user",
                null,
                "bootstrap administrator",
                "bootstrap",
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(MAX_TOKEN_DAYS));
            AuditLog.append(
                h,
                "bootstrap",
                "token-issue",
                user,
                "ok",
                null,
                "token " + parts[0] + " (bootstrap)");
          }
        });
  }

  public void revokeToken(String id, String actor) {
    int n =
        jdbi.inTransaction(
            h -> {
              int updated = h.attach(IdentityDao.class).revokeToken(id);
              if (updated == 1) {
                AuditLog.append(h, actor, "token-revoke", id, "ok", null, null);
              }
              return updated;
            });
    if (n == 0 && tokens(null).stream().noneMatch(t -> t.id().equals(id))) {
      throw new NotFound("token '" + id + "' does not exist");
    }
  }

  public List<TokenView> tokens(String user) {
    return jdbi.withExtension(IdentityDao.class, dao -> dao.tokens(user));
  }

  /**
   * The identity of a stored, live token whose secret matches; empty otherwise (with the reason).
   */
  public Optional<Identity> identify(String id, String secret, StringBuilder reason) {
    return jdbi.withExtension(
        IdentityDao.class,
        dao -> {
          Optional<IdentityDao.TokenRow> stored = dao.token(id);
          if (stored.isEmpty() || !Tokens.same(stored.get().secretHash(), Tokens.hash(secret))) {
            reason.append("the bearer token is not a token Keel issued");
            return Optional.empty();
          }
          IdentityDao.TokenRow s = stored.get();
          if (s.revokedAt() != null) {
            reason.append("the bearer token was revoked at ").append(s.revokedAt());
            return Optional.empty();
          }
          if (s.expiresAt().isBefore(OffsetDateTime.now())) {
            reason.append("the bearer token expired at ").append(s.expiresAt());
            return Optional.empty();
          }
          return Optional.of(
              new Identity(
                  s.userName(),
                  "token",
                  grants(dao, s.userName()),
                  "serving".equals(s.kind()) ? s.model() : null));
        });
  }

  /** The stored grants of a user (for OIDC identities too); none for an unknown user. */
  public List<Grant> grants(String user) {
    return jdbi.withExtension(IdentityDao.class, dao -> grants(dao, user));
  }

  private static List<Grant> grants(IdentityDao dao, String user) {
    return dao.grants(user).stream()
        .map(g -> new Grant(Role.of(g.role()).orElseThrow(), g.model()))
        .toList();
  }

  private static List<String> roles(IdentityDao dao, String user) {
    return grants(dao, user).stream()
        .map(
            g ->
                Grant.EVERY_MODEL.equals(g.model())
                    ? g.role().wire()
                    : g.role().wire() + "@" + g.model())
        .toList();
  }

  private static void insert(
      Handle h,
      Tokens.Issued issued,
      String user,
      String kind,
      String model,
      String description,
      String actor,
      OffsetDateTime expires) {
    h.attach(IdentityDao.class)
        .insertToken(
            issued.id(),
            user,
            Tokens.hash(Tokens.split(issued.token())[1]),
            kind,
            model,
            description,
            actor,
            expires);
  }

  private static Role role(String name) {
    return Role.of(name)
        .orElseThrow(
            () ->
                new InvalidInput(
                    "field 'role': '"
                        + name
                        + "' is not a role; "
                        + "expected one of "
                        + Role.names()));
  }

  private static void checkUserName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9@._:-]{0,127}")) {
      throw new InvalidInput(
          "field 'name': '"
              + name
              + "' is not a user name; use 1-128 letters, digits, "
              + "'@', '.', '_', ':' or '-', starting with a letter or digit");
    }
  }
}
