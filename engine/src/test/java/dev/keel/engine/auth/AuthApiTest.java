package dev.keel.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.keel.engine.Http;
import dev.keel.engine.KeelApplication;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens, per-model grants and OIDC bearer tokens, over HTTP. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthApiTest {

  static final String ISSUER = "https://login.example.test/realms/keel";
  static final RSAKey ISSUER_KEY = key("issuer-1");
  static final RSAKey STRANGER_KEY = key("issuer-1");
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.serverOnly(
          ConfigOverride.config("auth.oidc.issuer", ISSUER),
          ConfigOverride.config("auth.oidc.audience", "keel-api"),
          ConfigOverride.config("auth.oidc.jwksFile", jwksFile()),
          ConfigOverride.config("auth.tokenCacheSeconds", "0"));
  static Http admin;

  @BeforeAll
  static void connect() {
    admin = Http.api(APP);
  }

  /** The issuer's public keys, in a file as a deployment would keep them. */
  static String jwksFile() {
    try {
      java.nio.file.Path file = java.nio.file.Files.createTempFile("issuer", ".jwks.json");
      java.nio.file.Files.writeString(file, new JWKSet(ISSUER_KEY.toPublicJWK()).toString());
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static RSAKey key(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String jwt(
      RSAKey key,
      String issuer,
      String audience,
      long expiresInSeconds,
      String user,
      List<String> roles) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              new JWTClaimsSet.Builder()
                  .issuer(issuer)
                  .audience(audience)
                  .subject("sub-" + user)
                  .claim("preferred_username", user)
                  .claim("roles", roles)
                  .issueTime(new Date())
                  .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                  .build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTokenIsShownOnceStoredHashedAndStopsWorkingWhenRevokedOrExpired() {
    admin.postJson("/v1/users", Map.of("name", "dora"));
    Http.Response issued = admin.postJson("/v1/tokens", Map.of("user", "dora", "expiresInDays", 1));
    assertThat(issued.status()).isEqualTo(201);
    String token = issued.json().path("token").asText();
    String id = issued.json().path("id").asText();
    assertThat(token).startsWith("keel_" + id + "_");

    Http dora = admin.as(token);
    assertThat(dora.get("/v1/me").json().path("name").asText()).isEqualTo("dora");
    assertThat(dora.get("/v1/me").json().path("roles")).isEmpty();
    assertThat(dora.get("/v1/models").status()).as("no roles yet").isEqualTo(403);

    JsonNode listed = admin.get("/v1/tokens?user=dora").json().path("tokens").get(0);
    assertThat(listed.path("id").asText()).isEqualTo(id);
    assertThat(listed.toString()).doesNotContain(Tokens.split(token)[1]);
    String stored =
        APP.<KeelApplication>getApplication()
            .wired()
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT secret_hash FROM api_tokens WHERE id = :id")
                        .bind("id", id)
                        .mapTo(String.class)
                        .one());
    assertThat(stored).isEqualTo(Tokens.hash(Tokens.split(token)[1]));

    assertThat(admin.request("DELETE", "/v1/tokens/" + id, null).status()).isEqualTo(204);
    Http.Response revoked = dora.get("/v1/me");
    assertThat(revoked.status()).isEqualTo(401);
    assertThat(revoked.message()).contains("was revoked");

    JsonNode second = admin.postJson("/v1/tokens", Map.of("user", "dora")).json();
    String expiring = second.path("id").asText();
    APP.<KeelApplication>getApplication()
        .wired()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = :id")
                    .bind("id", expiring)
                    .execute());
    Http.Response expired = admin.as(second.path("token").asText()).get("/v1/me");
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.message()).contains("expired at");
  }

  @Test
  void malformedOrUnknownCredentialsGet401WithTheReason() {
    Http.Response none = admin.anonymous().get("/v1/models");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.message()).contains("authentication required");
    assertThat(
            admin
                .anonymous()
                .request("GET", "/v1/models", null, "Authorization", "Basic YWRtaW46YWRtaW4=")
                .message())
        .contains("must be 'Bearer <token>'");
    assertThat(admin.as("not-a-token").get("/v1/models").message())
        .contains("not a Keel API token");
    String forged = "keel_0123456789abcdef_" + "A".repeat(43);
    assertThat(admin.as(forged).get("/v1/models").message()).contains("not a token Keel issued");
    String mlflow =
        admin
            .anonymous()
            .postJson("/api/2.0/mlflow/runs/search", Map.of())
            .json()
            .path("error_code")
            .asText();
    assertThat(mlflow).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void aPerModelGrantCountsForThatModelOnly() {
    Http scoped = admin.user("olga", "operator@churn");
    Http.Response mine = scoped.postJson("/v1/models/churn/rollback", Map.of());
    assertThat(mine.status()).as(mine.text()).isNotIn(401, 403);
    Http.Response other = scoped.postJson("/v1/models/fraud/rollback", Map.of());
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.message())
        .contains("lacks permission 'operate' on model 'fraud'")
        .contains("roles [operator@churn]");
    assertThat(scoped.get("/v1/models/churn").status()).isNotIn(401, 403);
    assertThat(scoped.get("/v1/models").status())
        .as("listing every model needs a global grant")
        .isEqualTo(403);
  }

  @Test
  void aServingTokenCallsItsOwnModelsPredictAndNothingElse() {
    Http serving = admin.serving("churn");
    assertThat(
            serving.postJson("/v1/models/churn/predict", Map.of("instances", List.of())).status())
        .isNotIn(401, 403);
    Http.Response elsewhere =
        serving.postJson("/v1/models/fraud/predict", Map.of("instances", List.of()));
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.message()).contains("needs a serving token of model 'fraud'");
    assertThat(serving.get("/v1/models/churn").status()).isEqualTo(403);
    assertThat(admin.postJson("/v1/models/churn/predict", Map.of("instances", List.of())).status())
        .as("even an administrator needs a serving token to predict")
        .isEqualTo(403);
  }

  @Test
  void badIdentityRequestsGetClearErrors() {
    assertThat(admin.postJson("/v1/users", Map.of("name", "no spaces")).message())
        .contains("not a user name");
    admin.postJson("/v1/users", Map.of("name", "erin"));
    assertThat(admin.postJson("/v1/users", Map.of("name", "erin")).status()).isEqualTo(409);
    Http.Response role = admin.postJson("/v1/users/erin/grants", Map.of("role", "superuser"));
    assertThat(role.status()).isEqualTo(400);
    assertThat(role.message()).contains("'superuser' is not a role").contains("data-scientist");
    assertThat(admin.postJson("/v1/tokens", Map.of("user", "nobody")).status()).isEqualTo(404);
    assertThat(admin.postJson("/v1/tokens", Map.of("user", "erin", "kind", "serving")).message())
        .contains("'model' is required");
    assertThat(
            admin.postJson("/v1/tokens", Map.of("user", "erin", "expiresInDays", 5000)).message())
        .contains("1 to 366");
  }

  @Test
  void anOidcTokenFromTheConfiguredIssuerActsWithItsClaimedRoles() {
    Http carol =
        admin.as(
            jwt(ISSUER_KEY, ISSUER, "keel-api", 300, "carol", List.of("viewer", "operator@churn")));
    JsonNode me = carol.get("/v1/me").json();
    assertThat(me.path("name").asText()).isEqualTo("carol");
    assertThat(me.path("via").asText()).isEqualTo("oidc");
    assertThat(carol.get("/v1/models").status()).isEqualTo(200);
    assertThat(carol.postJson("/v1/models/churn/rollback", Map.of()).status()).isNotIn(401, 403);
    assertThat(carol.postJson("/v1/models", Map.of()).status()).isEqualTo(403);

    admin.postJson("/v1/users", Map.of("name", "dave"));
    admin.postJson("/v1/users/dave/grants", Map.of("role", "admin"));
    Http dave = admin.as(jwt(ISSUER_KEY, ISSUER, "keel-api", 300, "dave", List.of()));
    assertThat(dave.get("/v1/users").status())
        .as("stored grants count for OIDC users")
        .isEqualTo(200);
  }

  @Test
  void oidcTokensThatAreNotValidAreRefusedWithTheReason() {
    String wrongKey = jwt(STRANGER_KEY, ISSUER, "keel-api", 300, "mallory", List.of("admin"));
    String wrongIssuer =
        jwt(ISSUER_KEY, "https://evil.example", "keel-api", 300, "mallory", List.of("admin"));
    String wrongAudience = jwt(ISSUER_KEY, ISSUER, "another-api", 300, "mallory", List.of("admin"));
    String expired = jwt(ISSUER_KEY, ISSUER, "keel-api", -600, "mallory", List.of("admin"));
    for (String token : List.of(wrongKey, wrongIssuer, wrongAudience, expired)) {
      Http.Response r = admin.as(token).get("/v1/users");
      assertThat(r.status()).as(r.text()).isEqualTo(401);
      assertThat(r.message()).contains("not valid for issuer " + ISSUER);
    }
    assertThat(admin.as(expired).get("/v1/users").message()).containsIgnoringCase("expired");
  }
}
