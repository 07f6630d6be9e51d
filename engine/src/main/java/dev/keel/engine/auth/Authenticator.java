package dev.keel.engine.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into an {@link Identity}. Verified Keel tokens are
 * remembered for a few seconds (keyed by the SHA-256 of the whole token), so the serving path does
 * not query PostgreSQL per request; revoking on this engine forgets them at once, other engines
 * within {@code tokenCacheSeconds}.
 */
public final class Authenticator {

  /** Why a request is not authenticated; becomes a 401 naming the reason. */
  public static final class Unauthenticated extends RuntimeException {
    public Unauthenticated(String message) {
      super(message);
    }
  }

  private record Cached(Identity identity, String tokenId, long until) {}

  private final IdentityStore store;
  private final OidcVerifier oidc;
  private final long cacheNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public Authenticator(IdentityStore store, OidcVerifier oidc, int cacheSeconds) {
    this.store = store;
    this.oidc = oidc;
    this.cacheNanos = cacheSeconds * 1_000_000_000L;
  }

  public Identity authenticate(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new Unauthenticated(
          "authentication required: send 'Authorization: Bearer <token>' with a Keel API token"
              + (oidc == null ? "" : " or an OIDC token"));
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Unauthenticated("the Authorization header must be 'Bearer <token>'");
    }
    String token = authorization.substring(7).strip();
    if (oidc != null && OidcVerifier.looksLikeJwt(token)) {
      String claimed = oidc.claimedName(token);
      try {
        return oidc.verify(token, claimed == null ? List.of() : store.grants(claimed));
      } catch (IllegalArgumentException e) {
        throw new Unauthenticated(e.getMessage());
      }
    }
    String[] parts = Tokens.split(token);
    if (parts == null) {
      throw new Unauthenticated(
          "the bearer token is not a Keel API token (keel_<id>_<secret>)"
              + (oidc == null ? "" : " nor a JWT"));
    }
    String key = Tokens.hash(token);
    long now = System.nanoTime();
    Cached cached = cache.get(key);
    if (cached != null && now - cached.until() < 0) {
      return cached.identity();
    }
    StringBuilder reason = new StringBuilder();
    Optional<Identity> identity = store.identify(parts[0], parts[1], reason);
    if (identity.isEmpty()) {
      cache.remove(key);
      throw new Unauthenticated(reason.toString());
    }
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(key, new Cached(identity.get(), parts[0], now + cacheNanos));
    return identity.get();
  }

  /** Forgets cached verifications: of one token, or (null) all, e.g. after roles changed. */
  public void forget(String tokenId) {
    cache.values().removeIf(c -> tokenId == null || c.tokenId().equals(tokenId));
  }
}
