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
 */
public record GitSourceSpec(String name, String url, String branch, List<String> paths,
                            GitCredentials credentials, Path cacheDir) {

    public GitSourceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        branch = branch == null || branch.isBlank() ? "main" : branch;
        paths = paths == null ? List.of() : List.copyOf(paths);
        credentials = credentials == null ? new GitCredentials.None() : credentials;
        Objects.requireNonNull(cacheDir, "cacheDir");
    }
}
