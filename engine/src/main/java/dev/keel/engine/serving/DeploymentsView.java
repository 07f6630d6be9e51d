package dev.keel.engine.serving;

import java.util.List;

/** What a model serves now and how it got there (newest first). */
public record DeploymentsView(ServingStateView state, List<DeploymentView> history) {}
