package io.sextant.git.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.util.FS;

/** One {@code git-upload-pack '/x.git'} or {@code git-receive-pack '/x.git'} run for {@link GitSshServer}. */
final class GitSshCommand implements Command {

    private final Path root;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread worker;

    GitSshCommand(Path root, String command) {
        this.root = root;
        this.command = command;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        // The channel's thread must not block on the pack protocol.
        worker = new Thread(() -> run(env.getEnv().get("GIT_PROTOCOL")), "git-ssh-" + command);
        worker.setDaemon(true);
        worker.start();
    }

    private void run(String gitProtocol) {
        try {
            List<String> words = CommandFactory.split(command);
            if (words.size() != 2) {
                throw new IllegalArgumentException("unsupported command: " + command);
            }
            Path dir = root.resolve(words.get(1).replaceFirst("^/+", "")).normalize();
            if (!dir.startsWith(root) || !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("repository not found: " + words.get(1));
            }
            try (Repository repo = RepositoryCache.FileKey.lenient(dir.toFile(), FS.DETECTED).open(true)) {
                switch (words.get(0)) {
                    case "git-upload-pack" -> {
                        UploadPack upload = new UploadPack(repo);
                        if (gitProtocol != null) {
                            upload.setExtraParameters(Arrays.asList(gitProtocol.split(":")));
                        }
                        upload.upload(in, out, err);
                    }
                    case "git-receive-pack" -> new ReceivePack(repo).receive(in, out, err);
                    default -> throw new IllegalArgumentException("unsupported command: " + command);
                }
            }
            out.flush();
            exit.onExit(0);
        } catch (Exception e) {
            try {
                err.write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
            } catch (Exception ignored) {
                // the client is gone; the exit status is all that is left to give
            }
            exit.onExit(1, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (worker != null) {
            worker.interrupt();
        }
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
