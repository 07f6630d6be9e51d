package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Authentication of API callers: Keel API tokens ({@code Authorization: Bearer keel_…}) and,
 * optionally, OIDC/JWT bearer tokens signed by a configured issuer.
 */
public class AuthSettings {

  /**
   * Off only for a throwaway local experiment: every call then acts as an administrator with every
   * role.
   */
  @JsonProperty private boolean enabled = true;

  /**
   * A token text stored at start-up for the user {@code admin} with every role, when not stored
   * yet. For tests and scripted set-ups; {@code keel dev} makes a random one and prints it once.
   */
  @JsonProperty private String bootstrapToken;

  /**
   * How long a verified token is trusted before it is checked in the database again (revocation
   * delay).
   */
  @JsonProperty private int tokenCacheSeconds = 10;

  @JsonProperty private OidcSettings oidc = new OidcSettings();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getBootstrapToken() {
    return bootstrapToken;
  }

  public void setBootstrapToken(String bootstrapToken) {
    this.bootstrapToken = bootstrapToken;
  }

  public int getTokenCacheSeconds() {
    return tokenCacheSeconds;
  }

  public void setTokenCacheSeconds(int tokenCacheSeconds) {
    this.tokenCacheSeconds = tokenCacheSeconds;
  }

  public OidcSettings getOidc() {
    return oidc;
  }

  public void setOidc(OidcSettings oidc) {
    this.oidc = oidc;
  }

  /**
   * An OIDC issuer whose JWTs Keel accepts (none while {@code issuer} is not set): signature by one
   * of the issuer's keys (a JWK set, inline or in a file; fetching it from the issuer's URL is left
   * to the deployment, e.g. a sidecar that refreshes the file), exact {@code iss}, {@code aud}
   * containing {@code audience}, unexpired. Roles come from {@code rolesClaim} (values like {@code
   * operator} or {@code operator@churn}) plus any grants stored for the user.
   */
  public static class OidcSettings {
    @JsonProperty private String issuer;
    @JsonProperty private String audience;
    @JsonProperty private String jwks;
    @JsonProperty private String jwksFile;
    @JsonProperty private String usernameClaim = "preferred_username";
    @JsonProperty private String rolesClaim = "roles";

    public String getIssuer() {
      return issuer;
    }

    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    public String getAudience() {
      return audience;
    }

    public void setAudience(String audience) {
      this.audience = audience;
    }

    public String getJwks() {
      return jwks;
    }

    public void setJwks(String jwks) {
      this.jwks = jwks;
    }

    public String getJwksFile() {
      return jwksFile;
    }

    public void setJwksFile(String jwksFile) {
      this.jwksFile = jwksFile;
    }

    public String getUsernameClaim() {
      return usernameClaim;
    }

    public void setUsernameClaim(String usernameClaim) {
      this.usernameClaim = usernameClaim;
    }

    public String getRolesClaim() {
      return rolesClaim;
    }

    public void setRolesClaim(String rolesClaim) {
      this.rolesClaim = rolesClaim;
    }
  }
}
