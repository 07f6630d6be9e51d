package dev.keel.engine.mlflow;

import dev.keel.engine.api.Names;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.models.ModelService;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation of the model registry's names, versions, tags and aliases, failing with
 * INVALID_PARAMETER_VALUE.
 */
final class RegistryChecks {

  static final int MAX_TAG_KEY = 250;
  static final int MAX_TAG_VALUE = 5000;
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,255}");
  private static final Pattern VERSION_ALIAS = Pattern.compile("v\\d+", Pattern.CASE_INSENSITIVE);

  private RegistryChecks() {}

  /** The request body, which every POST and PATCH of the registry needs. */
  static <T> T body(T body) {
    if (body == null) {
      throw MlflowException.invalid("a JSON request body is required");
    }
    return body;
  }

  /** A model name Keel accepts (it keys URLs, metric labels and workflow ids). */
  static String modelName(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw MlflowException.invalid(
          "field '" + field + "' is required: the registered model's name");
    }
    try {
      return Names.check("registered model", name);
    } catch (InvalidInput e) {
      throw MlflowException.invalid(e.getMessage());
    }
  }

  /** A version number given as text. */
  static int version(String version) {
    if (version == null || version.isEmpty()) {
      throw MlflowException.invalid("field 'version' is required: a version number such as '1'");
    }
    try {
      int n = Integer.parseInt(version.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw MlflowException.invalid(
        "version '" + version + "' is not a version number; expected 1, 2, ...");
  }

  static void tag(String key, String value) {
    if (key == null || key.isEmpty()) {
      throw MlflowException.invalid("field 'key' is required: the tag's key");
    }
    if (key.length() > MAX_TAG_KEY) {
      throw MlflowException.invalid(
          "tag key '"
              + key.substring(0, 20)
              + "…' has "
              + key.length()
              + " characters; at most "
              + MAX_TAG_KEY
              + " are allowed");
    }
    if (value != null && value.length() > MAX_TAG_VALUE) {
      throw MlflowException.invalid(
          "value of tag '"
              + key
              + "' has "
              + value.length()
              + " characters; at most "
              + MAX_TAG_VALUE
              + " are allowed");
    }
  }

  /**
   * An alias a client may set or delete: well formed, not reserved ({@code latest}, {@code v<N>}),
   * and not {@code champion}, which Keel moves only through an approved deployment or a recorded
   * rollback.
   */
  static String alias(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw MlflowException.invalid("field 'alias' is required");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalid(
          "alias '" + alias + "' is invalid: use 1-255 letters, digits, '_' or '-'");
    }
    if (alias.equalsIgnoreCase("latest") || VERSION_ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalid(
          "alias '"
              + alias
              + "' is reserved: 'latest' and 'v<number>' name versions "
              + "already; choose another alias");
    }
    if (alias.toLowerCase(Locale.ROOT).equals(ModelService.CHAMPION)) {
      throw MlflowException.invalid(
          "alias '"
              + alias
              + "' is managed by Keel: the champion moves only through an "
              + "approved deployment (POST /v1/models/{name}/deploy) or a recorded rollback (POST "
              + "/v1/models/{name}/rollback), so that what is served and its audit trail agree; use another alias, "
              + "such as 'challenger'");
    }
    return alias;
  }
}
