package io.sextant.engine.rollout;

import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Rollout;

/**
 * The change a rollout carries, as the last reconcile saw it: kept in memory and refreshed by every
 * reconcile of the source, so after a restart a journaled rollout moves on from the first poll.
 */
record Change(DesiredResource desired, Rollout rollout, KindDefinition definition, String source, String backend,
              CommitInfo commit, String trigger) {}
