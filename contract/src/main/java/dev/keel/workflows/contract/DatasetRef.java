package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An immutable dataset version: the dataset's name and the SHA-256 of its canonical content ({@code
 * sha256:<hex>}), which is also its address in the artifact store.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetRef(String name, String version) {
  @Override
  public String toString() {
    return name + "@" + version;
  }
}
