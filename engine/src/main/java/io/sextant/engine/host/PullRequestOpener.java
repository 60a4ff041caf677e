package io.sextant.engine.host;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Opens one pull request (GitLab: merge request) per branch on a source's Git host, for features outside this
 * package (a rollback's revert). Idempotent: a pull request already there for the branch, open or not, is
 * returned instead of a second one, including when another replica opened it between the look-up and the
 * request (the host's 422 or 409 "already exists").
 */
@Component
public class PullRequestOpener {

    private final HostClients clients;

    PullRequestOpener(HostClients clients) {
        this.clients = clients;
    }

    /** The host's name ({@code GitHub}, {@code GitLab}) when the source configures one. */
    public Optional<String> hostOf(String source) {
        return clients.forSource(source).map(HostClient::name);
    }

    /**
     * The pull request of {@code branch} into {@code base}, opened now or found.
     *
     * @return its number and web page
     */
    public Result open(String source, String branch, String base, String title, String body)
            throws HostApiException {
        HostClient host = clients.forSource(source).orElseThrow(() -> new HostApiException("source '" + source
                + "' configures no host (sextant.sources[].host) to open a pull request on", 0));
        Optional<HostClient.Opened> existing = host.pullRequestFrom(branch);
        if (existing.isPresent()) {
            return new Result(existing.get().number(), existing.get().url(), false);
        }
        try {
            HostClient.Opened opened = host.openPullRequest(branch, base, title, body);
            return new Result(opened.number(), opened.url(), true);
        } catch (HostApiException e) {
            if (e.status() == 422 || e.status() == 409) {
                Optional<HostClient.Opened> raced = host.pullRequestFrom(branch);
                if (raced.isPresent()) {
                    return new Result(raced.get().number(), raced.get().url(), false);
                }
            }
            throw e;
        }
    }

    /**
     * A pull request of a branch.
     *
     * @param created false when it was there already
     */
    public record Result(int number, String url, boolean created) {}
}
