package dev.keel.engine.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions, in this engine's memory: a random session id (the cookie's value) maps to the
 * token its user signed in with. The token never goes back to the browser; a restart of the engine
 * signs every console out.
 */
final class ConsoleSessions {

  private record Session(String token, Instant expires) {}

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Duration lifetime;

  ConsoleSessions(Duration lifetime) {
    this.lifetime = lifetime;
  }

  /** A new session for the token; returns its id. */
  String open(String token) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Instant now = Instant.now();
    sessions.values().removeIf(s -> s.expires().isBefore(now));
    sessions.put(id, new Session(token, now.plus(lifetime)));
    return id;
  }

  /** The token of a live session. */
  Optional<String> token(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null || s.expires().isBefore(Instant.now())) {
      return Optional.empty();
    }
    return Optional.of(s.token());
  }

  void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  long lifetimeSeconds() {
    return lifetime.toSeconds();
  }
}
