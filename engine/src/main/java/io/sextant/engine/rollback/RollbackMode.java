package io.sextant.engine.rollback;

import java.util.Locale;

/** What an aborted rollout does in Git ({@code sextant.sources[].rollback.on-abort}). */
public enum RollbackMode {
    /** Nothing: the aborted commit stays on the branch, held until a newer one (the default). */
    NONE,
    /** A revert pull request (GitLab: merge request) on the source's host: a person merges it. */
    PULL_REQUEST,
    /** The revert committed on the watched branch itself: no review, so it must be asked for. */
    PUSH;

    static RollbackMode parse(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "pull-request" -> PULL_REQUEST;
            case "push" -> PUSH;
            default -> throw new IllegalStateException(key + ": must be none, pull-request or push, got '"
                    + value + "'");
        };
    }
}
