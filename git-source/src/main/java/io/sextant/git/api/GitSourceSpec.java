package io.sextant.git.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a source's specs live.
 *
 * @param name        source name (for messages)
 * @param url         https, ssh, file:// URL or a local path
 * @param branch      the watched branch
 * @param paths       directory prefixes holding specs; empty means the whole repository
 * @param credentials how to authenticate
 * @param cacheDir    local directory for the clone (a bare repository)
 * @param maxFileBytes largest spec file read, in bytes; a larger blob is {@link Blob.TooLarge}, told apart
 *                     from the object's size before any of its content is read
 * @param allowInsecureHttp send credentials over plain {@code http://} to a host that is not this machine;
 *                     off by default, and then refused (see {@link #sendsCredentialsInPlainText()})
 */
public record GitSourceSpec(String name, String url, String branch, List<String> paths,
                            GitCredentials credentials, Path cacheDir, long maxFileBytes,
                            boolean allowInsecureHttp) {

    /** Specs are small: a file bigger than this is a mistake (or an attack) and must not fill the heap. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** The content of a file that is read is held in one byte array. */
    public static final long MAX_FILE_BYTES_LIMIT = 1024L * 1024 * 1024;

    public GitSourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        branch = branch == null || branch.isBlank() ? "main" : branch;
        paths = paths == null ? List.of() : List.copyOf(paths);
        credentials = credentials == null ? new GitCredentials.None() : credentials;
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (maxFileBytes < 1 || maxFileBytes > MAX_FILE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxFileBytes must be between 1 byte and 1 GiB, got " + maxFileBytes);
        }
    }

    /** A source that never sends credentials over plain http to another machine. */
    public GitSourceSpec(String name, String url, String branch, List<String> paths,
                         GitCredentials credentials, Path cacheDir, long maxFileBytes) {
        this(name, url, branch, paths, credentials, cacheDir, maxFileBytes, false);
    }

    /** True when the source authenticates with a password or token, configured or written into the URL. */
    public boolean hasHttpCredentials() {
        return credentials instanceof GitCredentials.UsernamePassword || RemoteAddress.of(url).hasUserInfo();
    }

    /**
     * True when fetching would send credentials unencrypted across a network: a plain {@code http://}
     * URL to a host other than a loopback address, with credentials, and {@link #allowInsecureHttp} off.
     * Loopback is exempt because that traffic never leaves the machine (a sidecar proxy, a test server).
     */
    public boolean sendsCredentialsInPlainText() {
        RemoteAddress address = RemoteAddress.of(url);
        return !allowInsecureHttp && hasHttpCredentials() && address.isPlainHttp() && !address.isLoopback();
    }

    /** A source with the {@link #DEFAULT_MAX_FILE_BYTES default} file size limit. */
    public GitSourceSpec(String name, String url, String branch, List<String> paths,
                         GitCredentials credentials, Path cacheDir) {
        this(name, url, branch, paths, credentials, cacheDir, DEFAULT_MAX_FILE_BYTES);
    }
}
