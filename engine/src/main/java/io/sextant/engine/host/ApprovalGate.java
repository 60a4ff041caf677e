package io.sextant.engine.host;

import io.sextant.engine.config.SourceProperties.ApprovalProperties;
import io.sextant.engine.reconcile.CommitGate;
import io.sextant.engine.reconcile.GateVerdict;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The approval gate ({@code sextant.sources[].approval}): a commit on the watched branch is applied only
 * if it comes from a merged pull request that at least {@code min-approvals} people other than its
 * author approved. When the host cannot be asked, the commit is blocked (fail closed) and the next
 * poll asks again.
 */
@Component
class ApprovalGate implements CommitGate {

    private static final Logger log = LoggerFactory.getLogger(ApprovalGate.class);

    /** A block is asked again after this, so an approval given after the merge is picked up. */
    static final Duration BLOCK_TTL = Duration.ofMinutes(1);
    private static final int MAX_CACHED = 1_000;

    private final HostClients clients;
    private final Clock clock;
    private final Map<String, Cached> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    @Autowired
    ApprovalGate(HostClients clients) {
        this(clients, Clock.systemUTC());
    }

    ApprovalGate(HostClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    private record Cached(GateVerdict verdict, Instant until) {}

    @Override
    public GateVerdict evaluate(WatchedSource source, CommitInfo commit) {
        ApprovalProperties approval = source.properties().approval();
        if (approval == null || approval.provider() == null) {
            return GateVerdict.allow();
        }
        String key = source.name() + "@" + commit.id();
        synchronized (verdicts) {
            Cached cached = verdicts.get(key);
            if (cached != null && clock.instant().isBefore(cached.until())) {
                return cached.verdict();
            }
        }
        int required = approval.minApprovals() == null ? 1 : approval.minApprovals();
        HostClient client = clients.forSource(source.name()).orElseThrow(); // HostClients checked this at start-up
        GateVerdict verdict;
        try {
            verdict = decide(client, commit, required);
        } catch (HostApiException e) {
            log.warn("source={} commit={} approval check failed: {}", source.name(), shortId(commit), e.getMessage());
            return GateVerdict.block("cannot check the approval of commit " + shortId(commit) + " on " + client.name()
                    + " (" + e.getMessage() + "); blocked until it can be checked, the next poll tries again");
        }
        synchronized (verdicts) {
            // An approval of a merged pull request does not expire; a block may (late approvals).
            verdicts.put(key, new Cached(verdict, verdict.allowed() ? Instant.MAX : clock.instant().plus(BLOCK_TTL)));
        }
        return verdict;
    }

    /** Forgets the blocks of a source, so a review given since is seen by the next reconcile; true if any. */
    boolean forgetBlocks(String source) {
        synchronized (verdicts) {
            return verdicts.entrySet().removeIf(e -> e.getKey().startsWith(source + "@")
                    && !e.getValue().verdict().allowed());
        }
    }

    private static GateVerdict decide(HostClient client, CommitInfo commit, int required) throws HostApiException {
        List<HostClient.PullRequest> pulls = new ArrayList<>(client.pullRequestsOf(commit.id()));
        // The pull request whose merge made this very commit is the one to judge, then any other merged one.
        pulls.sort((a, b) -> Boolean.compare(!commit.id().equals(a.mergeCommitSha()),
                !commit.id().equals(b.mergeCommitSha())));
        List<String> found = new ArrayList<>();
        for (HostClient.PullRequest pull : pulls) {
            if (!pull.merged()) {
                found.add("#" + pull.number() + " is not merged");
                continue;
            }
            List<String> approvers = new ArrayList<>();
            boolean selfApproved = false;
            for (String user : client.approvers(pull.number())) {
                if (user.equalsIgnoreCase(pull.author())) {
                    selfApproved = true;
                } else {
                    approvers.add(user);
                }
            }
            if (approvers.size() >= required) {
                return new GateVerdict(true, null, pull.number(), approvers);
            }
            found.add("#" + pull.number() + " merged with " + (approvers.isEmpty() ? "no approvals"
                    : approvals(approvers.size()) + " by " + String.join(", ", approvers))
                    + (selfApproved ? " (its author " + pull.author() + " approving does not count)" : ""));
        }
        return GateVerdict.block("commit " + shortId(commit) + " is not from a merged pull request with "
                + approvals(required) + " (found: " + (found.isEmpty() ? "no pull request" : String.join("; ", found))
                + ")");
    }

    private static String approvals(int count) {
        return count + (count == 1 ? " approval" : " approvals");
    }

    private static String shortId(CommitInfo commit) {
        return commit.id().substring(0, Math.min(7, commit.id().length()));
    }
}
