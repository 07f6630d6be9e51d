package dev.keel.engine.codec;

import dev.keel.ml.crypto.KeyRing;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a process finds a key ring: the configured file; else the named environment variable; else,
 * in developer mode only, a key file created next to the artifact store.
 */
final class ConfiguredKeys {

  private ConfiguredKeys() {}

  static Optional<KeyRing> find(
      String keysFile, String keysEnv, boolean devMode, String artifactRoot, String devFileName) {
    if (keysFile != null && !keysFile.isBlank()) {
      return Optional.of(KeyRing.load(Path.of(keysFile)));
    }
    String env = keysEnv == null ? null : System.getenv(keysEnv);
    if (env != null && !env.isBlank()) {
      return Optional.of(KeyRing.parse(env, "environment variable " + keysEnv));
    }
    if (devMode) {
      Path file = Path.of(artifactRoot).toAbsolutePath().normalize().resolveSibling(devFileName);
      return Optional.of(KeyRing.load(KeyRing.createIfMissing(file)));
    }
    return Optional.empty();
  }
}
