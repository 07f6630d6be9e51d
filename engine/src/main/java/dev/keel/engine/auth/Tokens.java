package dev.keel.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keel API token format: {@code keel_<id>_<secret>}, a public id (16 hex) to find the token and a
 * 256-bit random secret (base64url) of which only the SHA-256 is stored. A plain hash suffices: the
 * secret is random, not a password.
 */
public final class Tokens {

  private static final Pattern FORMAT = Pattern.compile("keel_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new token: its id and the full token text (shown once). */
  public record Issued(String id, String token) {}

  public static Issued generate() {
    byte[] id = new byte[8];
    byte[] secret = new byte[32];
    RANDOM.nextBytes(id);
    RANDOM.nextBytes(secret);
    String hexId = HexFormat.of().formatHex(id);
    return new Issued(
        hexId,
        "keel_" + hexId + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** The id and secret of a well-formed token, or null. */
  public static String[] split(String token) {
    Matcher m = FORMAT.matcher(token);
    return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
  }

  public static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares in time independent of where the strings differ. */
  public static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
