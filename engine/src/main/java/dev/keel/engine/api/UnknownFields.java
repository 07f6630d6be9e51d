package dev.keel.engine.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The message of a request body with a field its type does not have: the field's path from the
 * body's root, what the body is, and the field most likely meant (or the fields known at that
 * level), for example {@code unknown field 'release.canary.shares' in the model definition; did you
 * mean 'release.canary.share'?}. Names Java types only by their simple names, split into words
 * ({@code ModelDefinition} is "model definition"; a {@code …Body} is a "… request").
 */
public final class UnknownFields {

  private UnknownFields() {}

  public static String describe(UnrecognizedPropertyException e) {
    List<JsonMappingException.Reference> path = e.getPath();
    String field = path(path);
    String prefix = field.substring(0, field.length() - e.getPropertyName().length());
    List<String> known =
        e.getKnownPropertyIds() == null
            ? List.of()
            : e.getKnownPropertyIds().stream().map(Objects::toString).toList();
    String root = path.isEmpty() ? "request body" : "the " + noun(path.get(0).getFrom());
    return "unknown field '"
        + field
        + "' in "
        + root
        + "; "
        + Suggestions.hint(e.getPropertyName(), known, prefix);
  }

  /** The path of a field as a user writes it: {@code gates[0].metric}. */
  public static String path(List<JsonMappingException.Reference> path) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      if (r.getFieldName() != null) {
        out.append(out.length() == 0 ? "" : ".").append(r.getFieldName());
      } else {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String noun(Object from) {
    Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
    if (type == null || type.getSimpleName().isEmpty()) {
      return "request body";
    }
    String words =
        type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    return words.endsWith(" body")
        ? words.substring(0, words.length() - " body".length()) + " request"
        : words;
  }
}
