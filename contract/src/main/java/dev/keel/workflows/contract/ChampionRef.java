package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The model version a candidate is compared with: its number and the address of its artifact. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChampionRef(int version, String artifactHash) {}
