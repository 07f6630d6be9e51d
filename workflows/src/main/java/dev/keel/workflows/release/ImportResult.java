package dev.keel.workflows.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.ActivityStats;

/**
 * What an import left in the registry: the version's format ({@code keel} or {@code onnx}), its
 * artifact address, its task, and whether this call imported it (false when it was servable
 * already: a Keel version, or a retry).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportResult(
    String format, String artifact, String task, boolean imported, ActivityStats stats) {}
