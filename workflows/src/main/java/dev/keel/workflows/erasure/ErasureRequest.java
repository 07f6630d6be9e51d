package dev.keel.workflows.erasure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An erasure request. The subject travels only in (encrypted) payloads, never in ids or search
 * attributes.
 *
 * @param id the erasure's id, which is also the workflow id (derived from a hash of the subject, so
 *     a repeated request finds the first)
 * @param subject the data subject's identifier, as it appears in the models' subject columns
 * @param requestedBy who asked for it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErasureRequest(String id, String subject, String requestedBy) {}
