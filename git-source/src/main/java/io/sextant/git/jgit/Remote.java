package io.sextant.git.jgit;

import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSourceSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.internal.JGitText;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/** The watched branch of one remote: ls-remote and fetch, with the source's credentials and timeouts. */
final class Remote implements AutoCloseable {

    /** Seconds a transport may wait on the network before giving up; a poll must never hang. */
    static final int TIMEOUT_SECONDS = 30;

    private final String url;
    private final String displayUrl;
    private final String branchRef;
    private final String branch;
    private final CredentialsProvider credentials;
    private final GitCredentials.SshKey sshKey;
    private final SshdSessionFactory ssh;
    private final Failures failures;
    private final GitSourceSpec spec;

    Remote(GitSourceSpec spec, Failures failures) {
        this.spec = spec;
        this.url = localPathAsAbsolute(spec.url());
        this.displayUrl = Failures.displayUrl(spec.url());
        this.branch = spec.branch();
        this.branchRef = "refs/heads/" + spec.branch();
        this.failures = failures;
        this.credentials = spec.credentials() instanceof GitCredentials.UsernamePassword up
                ? new UsernamePasswordCredentialsProvider(up.username(), up.password())
                : null;
        this.sshKey = spec.credentials() instanceof GitCredentials.SshKey key ? key : null;
        this.ssh = sshKey != null ? sshFactory(sshKey) : null;
    }

    String displayUrl() {
        return displayUrl;
    }

    String branchRef() {
        return branchRef;
    }

    /** The commit id the branch points at on the remote. */
    String headId() throws GitException {
        checkKeyFiles();
        Map<String, Ref> refs;
        try (CredentialBoundary.Scope scope = CredentialBoundary.enter(spec)) {
            refs = configure(Git.lsRemoteRepository().setRemote(url).setHeads(true)).callAsMap();
        } catch (Exception e) {
            throw failures.wrap("ls-remote " + displayUrl + " failed", e);
        }
        Ref head = refs.get(branchRef);
        if (head == null || head.getObjectId() == null) {
            throw branchNotFound();
        }
        return head.getObjectId().name();
    }

    /** The commit a branch of the remote points at, or null when the remote has no such branch. */
    String branchId(String name) throws GitException {
        checkKeyFiles();
        Map<String, Ref> refs;
        try (CredentialBoundary.Scope scope = CredentialBoundary.enter(spec)) {
            refs = configure(Git.lsRemoteRepository().setRemote(url).setHeads(true)).callAsMap();
        } catch (Exception e) {
            throw failures.wrap("ls-remote " + displayUrl + " failed", e);
        }
        Ref ref = refs.get("refs/heads/" + name);
        return ref == null || ref.getObjectId() == null ? null : ref.getObjectId().name();
    }

    /**
     * Pushes {@code localRef} of {@code local} to branch {@code name} of the remote, never forced: a branch that
     * moved meanwhile refuses it. Returns null when it was taken, otherwise why the remote refused it.
     */
    String push(Repository local, String localRef, String name) throws GitException {
        checkKeyFiles();
        String target = "refs/heads/" + name;
        try (Git git = Git.wrap(local); CredentialBoundary.Scope scope = CredentialBoundary.enter(spec)) {
            for (org.eclipse.jgit.transport.PushResult result : configure(git.push().setRemote(url)
                    .setRefSpecs(new RefSpec(localRef + ":" + target))).call()) {
                org.eclipse.jgit.transport.RemoteRefUpdate update = result.getRemoteUpdate(target);
                if (update != null && update.getStatus() != org.eclipse.jgit.transport.RemoteRefUpdate.Status.OK
                        && update.getStatus() != org.eclipse.jgit.transport.RemoteRefUpdate.Status.UP_TO_DATE) {
                    return update.getStatus() + (update.getMessage() == null ? "" : ": " + update.getMessage());
                }
            }
            return null;
        } catch (Exception e) {
            throw failures.wrap("push to branch '" + name + "' of " + displayUrl + " failed", e);
        }
    }

    /**
     * Force-fetches the branch into the same ref of {@code local}: the remote's history may have been
     * rewritten, and the cache must follow it. Tags pointing into that history come along.
     */
    void fetchInto(Repository local) throws Exception {
        fetch(local, branchRef, branchRef, TagOpt.AUTO_FOLLOW, this::branchNotFound);
    }

    /**
     * Force-fetches any ref of the remote, such as a pull request's {@code refs/pull/17/head}, into the
     * same ref of {@code local}: a pull request's head is rewritten by force pushes, and we follow it.
     */
    void fetchRefInto(Repository local, String ref) throws Exception {
        fetch(local, ref, ref, TagOpt.NO_TAGS,
                () -> new GitException("ref '" + ref + "' not found on " + displayUrl));
    }

    /**
     * Force-fetches {@code ref} of the remote into {@code destination} of {@code local}: a branch other than
     * the watched one goes under {@code refs/remotes/origin/}, as a clone keeps it, so it never shadows a
     * local branch.
     */
    void fetchRefAs(Repository local, String ref, String destination) throws Exception {
        fetch(local, ref, destination, TagOpt.NO_TAGS,
                () -> new GitException("ref '" + ref + "' not found on " + displayUrl));
    }

    /**
     * Fetches one commit by id into {@code refs/sextant/commits/<id>} of {@code local}, so it stays
     * reachable there. Servers may refuse ids that no ref advertises (GitHub allows reachable ones).
     */
    void fetchCommitInto(Repository local, String commitId) throws Exception {
        fetch(local, commitId, "refs/sextant/commits/" + commitId, TagOpt.NO_TAGS,
                () -> new GitException("commit " + commitId + " not found on " + displayUrl));
    }

    private void fetch(Repository local, String source, String destination, TagOpt tags,
                       Supplier<GitException> notFound) throws Exception {
        checkKeyFiles();
        try (Git git = Git.wrap(local); CredentialBoundary.Scope scope = CredentialBoundary.enter(spec)) {
            configure(git.fetch()
                    .setRemote(url)
                    .setRefSpecs(new RefSpec("+" + source + ":" + destination))
                    .setTagOpt(tags))
                    .call();
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            // JGit's only signal that the source ref is absent is this message.
            String missing = MessageFormat.format(JGitText.get().remoteDoesNotHaveSpec, source);
            if (missing.equals(e.getMessage())) {
                throw notFound.get();
            }
            throw e;
        }
    }

    /** SSH only says "cannot log in" for a key it could not read; say which file is missing. */
    private void checkKeyFiles() throws GitException {
        if (sshKey == null) {
            return;
        }
        if (!Files.isReadable(sshKey.privateKey())) {
            throw new GitException("SSH private key " + sshKey.privateKey() + " for " + displayUrl
                    + " is missing or unreadable");
        }
        if (sshKey.knownHosts() != null && !Files.isReadable(sshKey.knownHosts())) {
            throw new GitException("SSH known_hosts file " + sshKey.knownHosts() + " for " + displayUrl
                    + " is missing or unreadable");
        }
    }

    GitException branchNotFound() {
        return new GitException("branch '" + branch + "' not found on " + displayUrl);
    }

    private <C extends TransportCommand<C, ?>> C configure(C command) {
        command.setTimeout(TIMEOUT_SECONDS);
        if (credentials != null) {
            command.setCredentialsProvider(credentials);
        }
        if (ssh != null) {
            command.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(ssh);
                }
            });
        }
        return command;
    }

    /**
     * An SSH client that offers only the configured key and checks the server against the given
     * known_hosts; an unknown host key is refused (nobody is there to answer a prompt).
     */
    private static SshdSessionFactory sshFactory(GitCredentials.SshKey key) {
        File home = FS.DETECTED.userHome();
        File sshDir = new File(home, ".ssh");
        List<Path> knownHosts = List.of(key.knownHosts() != null
                ? key.knownHosts() : sshDir.toPath().resolve("known_hosts"));
        return new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(sshDir)
                .setDefaultIdentities(dir -> List.of(key.privateKey()))
                .setDefaultKnownHostsFiles(dir -> knownHosts)
                .setPreferredAuthentications("publickey")
                .build(null);
    }

    /** JGit resolves a relative local path against its own idea of a base; pin it to ours. */
    private static String localPathAsAbsolute(String url) {
        if (url.contains("://")) {
            return url;
        }
        try {
            Path path = Path.of(url);
            return Files.isDirectory(path) ? path.toAbsolutePath().normalize().toString() : url;
        } catch (RuntimeException notAPath) {
            return url;
        }
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
