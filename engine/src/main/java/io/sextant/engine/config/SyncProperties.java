package io.sextant.engine.config;

/**
 * How changes are applied; every field may be overridden per source, null meaning "inherit".
 *
 * @param auto         apply changes found by polls and webhooks (manual syncs always apply)
 * @param prune        delete live resources whose specs left Git
 * @param selfHeal     re-apply when live state drifts from Git
 * @param maxDeletions the most deletions one sync may make before it is blocked
 */
public record SyncProperties(Boolean auto, Boolean prune, Boolean selfHeal, Integer maxDeletions) {

    /** The engine-wide defaults when nothing is configured. */
    public static final SyncProperties DEFAULTS = new SyncProperties(true, true, false, 10);

    /** This object's values, falling back to {@code parent}'s where unset. */
    public SyncProperties orElse(SyncProperties parent) {
        if (parent == null) {
            return this;
        }
        return new SyncProperties(
                auto != null ? auto : parent.auto,
                prune != null ? prune : parent.prune,
                selfHeal != null ? selfHeal : parent.selfHeal,
                maxDeletions != null ? maxDeletions : parent.maxDeletions);
    }
}
