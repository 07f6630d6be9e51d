package dev.keel.engine.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.keel.engine.config.AuthSettings.OidcSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Validates OIDC/JWT bearer tokens against the configured issuer's keys and turns them into
 * identities.
 */
public final class OidcVerifier {

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final OidcSettings settings;
  private final DefaultJWTProcessor<com.nimbusds.jose.proc.SecurityContext> processor;

  public OidcVerifier(OidcSettings settings) {
    if (settings.getIssuer() == null || settings.getAudience() == null) {
      throw new IllegalArgumentException("auth.oidc: 'issuer' and 'audience' are required");
    }
    this.settings = settings;
    JWKSet keys;
    try {
      String json =
          settings.getJwks() != null
              ? settings.getJwks()
              : Files.readString(Path.of(requireFile(settings.getJwksFile())));
      keys = JWKSet.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "auth.oidc: cannot read jwksFile " + settings.getJwksFile(), e);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "auth.oidc: the issuer keys are not a JWK set: " + e.getMessage(), e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(keys)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            settings.getAudience(),
            new JWTClaimsSet.Builder().issuer(settings.getIssuer()).build(),
            Set.of("sub", "exp")));
  }

  /** Whether a bearer token looks like a JWT rather than a Keel token. */
  public static boolean looksLikeJwt(String token) {
    return token.startsWith("eyJ") && token.chars().filter(c -> c == '.').count() == 2;
  }

  /**
   * The identity the token asserts, with its claimed roles; throws with the reason when it is not
   * valid.
   */
  public Identity verify(String token, List<Grant> stored) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException
        | com.nimbusds.jose.JOSEException
        | com.nimbusds.jose.proc.BadJOSEException e) {
      throw new IllegalArgumentException(
          "the bearer JWT is not valid for issuer " + settings.getIssuer() + ": " + e.getMessage());
    }
    String name;
    try {
      name = claims.getStringClaim(settings.getUsernameClaim());
    } catch (ParseException e) {
      name = null;
    }
    if (name == null) {
      name = claims.getSubject();
    }
    List<Grant> grants = new ArrayList<>(stored);
    Object roles = claims.getClaim(settings.getRolesClaim());
    if (roles instanceof List<?> list) {
      for (Object r : list) {
        String text = String.valueOf(r);
        int at = text.indexOf('@');
        String roleName = at < 0 ? text : text.substring(0, at);
        String model = at < 0 ? Grant.EVERY_MODEL : text.substring(at + 1);
        Role.of(roleName).ifPresent(role -> grants.add(new Grant(role, model)));
      }
    }
    return new Identity(name, "oidc", List.copyOf(grants), null);
  }

  /**
   * The username a token claims, before verification (to look up stored grants); null if
   * unreadable.
   */
  public String claimedName(String token) {
    try {
      JWTClaimsSet claims = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
      String name = claims.getStringClaim(settings.getUsernameClaim());
      return name != null ? name : claims.getSubject();
    } catch (ParseException e) {
      return null;
    }
  }

  private static String requireFile(String file) {
    if (file == null) {
      throw new IllegalArgumentException("auth.oidc: set 'jwks' (a JWK set as JSON) or 'jwksFile'");
    }
    return file;
  }
}
