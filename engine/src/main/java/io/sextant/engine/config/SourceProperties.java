package io.sextant.engine.config;

import io.sextant.git.api.GitSourceSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * One watched Git repository ({@code sextant.sources[]}).
 *
 * @param name             unique name, used in the API and audit events
 * @param url              https, ssh, file:// URL or local path
 * @param branch           watched branch
 * @param paths            directories holding specs (empty: the whole repository)
 * @param pollInterval     how often to check the branch head with ls-remote
 * @param auth             credentials, from the environment or files
 * @param host             the Git host's API, for pull requests and commit statuses
 * @param webhook          webhook authentication
 * @param approval         approval gate
 * @param verifySignatures commit signature policy
 * @param sync             per-source overrides of {@code sextant.sync}
 * @param maxFileSize      largest spec file read (default 4MB, i.e. 4 MiB); a larger file is an error at its
 *                         path, decided from the Git object's size without reading it, and the rest of the
 *                         commit still syncs
 * @param rollback         what an aborted rollout does in Git (default: nothing)
 */
public record SourceProperties(
        String name,
        String url,
        String branch,
        List<String> paths,
        Duration pollInterval,
        AuthProperties auth,
        HostProperties host,
        WebhookProperties webhook,
        ApprovalProperties approval,
        VerifySignaturesProperties verifySignatures,
        SyncProperties sync,
        DataSize maxFileSize,
        RollbackProperties rollback) {

    /** {@code max-file-size} when not set: specs are small, and a file far bigger is a mistake or an attack. */
    public static final DataSize DEFAULT_MAX_FILE_SIZE = DataSize.ofBytes(GitSourceSpec.DEFAULT_MAX_FILE_BYTES);

    /** The one Spring binds: the record has a second constructor, for callers from before {@code rollback}. */
    @ConstructorBinding
    public SourceProperties {
        branch = branch == null || branch.isBlank() ? "main" : branch;
        paths = paths == null ? List.of() : List.copyOf(paths);
        pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        maxFileSize = maxFileSize == null ? DEFAULT_MAX_FILE_SIZE : maxFileSize;
        rollback = rollback == null ? new RollbackProperties(null, null, null) : rollback;
    }

    /** A source without rollback settings, as before they existed. */
    public SourceProperties(String name, String url, String branch, List<String> paths, Duration pollInterval,
                            AuthProperties auth, HostProperties host, WebhookProperties webhook,
                            ApprovalProperties approval, VerifySignaturesProperties verifySignatures,
                            SyncProperties sync, DataSize maxFileSize) {
        this(name, url, branch, paths, pollInterval, auth, host, webhook, approval, verifySignatures, sync,
                maxFileSize, null);
    }

    /**
     * Rollback through Git ({@code sextant.sources[].rollback}).
     *
     * @param onAbort      when a rollout aborts: {@code none} (default), {@code pull-request} (a revert pull
     *                     request or merge request on the source's {@code host}) or {@code push} (the revert
     *                     committed on the watched branch itself)
     * @param branchPrefix prefix of the branches revert pull requests come from (default {@code sextant/rollback-})
     * @param dashboardUrl the engine's address as people reach it, for the dashboard link in a revert's body
     *                     (default: no link)
     */
    public record RollbackProperties(String onAbort, String branchPrefix, String dashboardUrl) {

        public RollbackProperties {
            onAbort = onAbort == null || onAbort.isBlank() ? "none" : onAbort.strip().toLowerCase(java.util.Locale.ROOT);
            branchPrefix = branchPrefix == null || branchPrefix.isBlank() ? "sextant/rollback-" : branchPrefix.strip();
        }
    }

    /**
     * Git credentials: a token or password read from an environment variable, or an SSH key file.
     *
     * @param username     HTTPS user name (default {@code git})
     * @param tokenEnv     environment variable holding the token or password
     * @param tokenFile    file holding the token or password (such as a mounted Kubernetes secret)
     * @param sshKeyFile   private key for SSH URLs
     * @param knownHosts   known_hosts file for SSH (default: the user's)
     * @param allowInsecureHttp send the token over a plain {@code http://} URL to another machine (default
     *                     false: such a source is refused at start-up; loopback addresses are exempt)
     */
    public record AuthProperties(String username, String tokenEnv, String tokenFile, String sshKeyFile,
                                 String knownHosts, boolean allowInsecureHttp) {}

    /**
     * The Git host's API (GitHub, GitLab, Gitea), for pull request comments, commit statuses and approvals.
     *
     * @param type       {@code github} or {@code gitlab}
     * @param apiUrl     API base URL (default {@code https://api.github.com} or {@code https://gitlab.com/api/v4})
     * @param repository {@code owner/name} on GitHub; the project path or numeric id on GitLab
     * @param tokenEnv   environment variable holding the API token
     * @param tokenFile  file holding the API token (such as a mounted Kubernetes secret)
     */
    public record HostProperties(String type, String apiUrl, String repository, String tokenEnv, String tokenFile) {}

    /**
     * Webhook secret: without this setting the source refuses webhooks (403); a variable or file named here
     * that is unset, missing, unreadable or empty stops start-up. Set one of the two.
     *
     * @param secretEnv  environment variable holding the secret
     * @param secretFile file holding the secret (such as a mounted Kubernetes secret); a trailing newline is ignored
     */
    public record WebhookProperties(String secretEnv, String secretFile) {}

    /** Approval gate: commits must come from a merged PR with this many approvals. */
    public record ApprovalProperties(String provider, Integer minApprovals) {}

    /** Commit signature policy: off, warn or required. */
    public record VerifySignaturesProperties(String mode, String trustedKeys) {}
}
