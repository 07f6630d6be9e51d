package dev.keel.engine.auth;

import dev.keel.engine.config.AuthSettings;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/** Who calls: API tokens and OIDC bearer tokens, checked on every request, and the identity API. */
public final class AuthFeature {

  private final Core core;
  private final IdentityStore identities;
  private final Authenticator authenticator;

  public AuthFeature(Core core) {
    this.core = core;
    AuthSettings auth = core.config().getAuth();
    identities = new IdentityStore(core.jdbi());
    authenticator =
        new Authenticator(
            identities,
            auth.getOidc() == null || auth.getOidc().getIssuer() == null
                ? null
                : new OidcVerifier(auth.getOidc()),
            auth.getTokenCacheSeconds());
  }

  public IdentityStore identities() {
    return identities;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  /**
   * Creates the admin of a configured bootstrap token, then registers the auth filter and the
   * identity API.
   */
  public void register(Environment env) {
    AuthSettings auth = core.config().getAuth();
    if (auth.getBootstrapToken() != null && !auth.getBootstrapToken().isBlank()) {
      identities.bootstrap("admin", auth.getBootstrapToken(), List.of(Role.values()));
    }
    env.jersey().register(new AuthFilter(authenticator, core.jdbi(), auth.isEnabled()));
    env.jersey().register(new IdentityResource(identities, authenticator));
  }
}
