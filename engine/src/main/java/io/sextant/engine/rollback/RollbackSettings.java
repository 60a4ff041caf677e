package io.sextant.engine.rollback;

import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.host.PullRequestOpener;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import java.util.HashMap;
import java.util.Map;

/**
 * Each source's {@code rollback} settings, checked at start-up: a pull request needs the source's {@code host},
 * a push needs credentials that may write (a token or an SSH key; a local repository needs none).
 */
final class RollbackSettings {

    private final Map<String, RollbackMode> modes = new HashMap<>();
    private final Map<String, SourceProperties.RollbackProperties> properties = new HashMap<>();

    RollbackSettings(SourceRegistry sources, PullRequestOpener opener) {
        for (WatchedSource source : sources.all()) {
            String key = "sextant.sources[" + source.name() + "].rollback";
            SourceProperties.RollbackProperties rollback = source.properties().rollback();
            RollbackMode mode = RollbackMode.parse(key + ".on-abort", rollback.onAbort());
            if (mode == RollbackMode.PULL_REQUEST && opener.hostOf(source.name()).isEmpty()) {
                throw new IllegalStateException(key + ".on-abort: pull-request needs sextant.sources["
                        + source.name() + "].host (type, repository, token-env) to open the revert on");
            }
            if (mode == RollbackMode.PUSH && !mayWrite(source.properties())) {
                throw new IllegalStateException(key + ".on-abort: push needs write credentials for "
                        + source.properties().url() + ": set sextant.sources[" + source.name()
                        + "].auth (token-env, token-file or ssh-key-file)");
            }
            if (!rollback.branchPrefix().matches("[A-Za-z0-9._/-]+") || rollback.branchPrefix().contains("..")) {
                throw new IllegalStateException(key + ".branch-prefix: '" + rollback.branchPrefix()
                        + "' is not usable in a branch name (letters, digits, . _ / - only)");
            }
            modes.put(source.name(), mode);
            properties.put(source.name(), rollback);
        }
    }

    RollbackMode mode(String source) {
        return modes.getOrDefault(source, RollbackMode.NONE);
    }

    String branchPrefix(String source) {
        return properties.containsKey(source) ? properties.get(source).branchPrefix() : "sextant/rollback-";
    }

    String dashboardUrl(String source) {
        return properties.containsKey(source) ? properties.get(source).dashboardUrl() : null;
    }

    private static boolean mayWrite(SourceProperties source) {
        SourceProperties.AuthProperties auth = source.auth();
        boolean local = !source.url().contains("://") || source.url().startsWith("file://");
        boolean inUrl = source.url().matches("^[a-z+]+://[^/@]+@.*");
        return local || inUrl || auth != null && (auth.tokenEnv() != null || auth.tokenFile() != null
                || auth.sshKeyFile() != null);
    }
}
