package io.sextant.git.webhook;

import java.util.List;
import java.util.Objects;

/**
 * What a payload says about the repository it concerns: its addresses (clone, SSH and web URLs)
 * and its full name ({@code owner/name}, GitLab's {@code path_with_namespace}).
 *
 * @param urls     every address the payload gives, as sent; never null, possibly empty (an
 *                 organisation-wide GitHub ping names no repository)
 * @param fullName {@code owner/name}, or null when the payload has none
 */
public record RepositoryId(List<String> urls, String fullName) {

    public RepositoryId {
        urls = urls == null ? List.of() : urls.stream().filter(Objects::nonNull).filter(u -> !u.isBlank()).toList();
        fullName = fullName == null || fullName.isBlank() ? null : fullName;
    }

    /** True when one of the payload's addresses is the repository at {@code url}. */
    public boolean hasUrl(String url) {
        String key = RepositoryUrls.normalise(url);
        return key != null && urls.stream().map(RepositoryUrls::normalise).anyMatch(key::equals);
    }

    /** True when the payload's full name is {@code fullName}, ignoring case as the hosts do. */
    public boolean hasFullName(String name) {
        return fullName != null && name != null && fullName.equalsIgnoreCase(name.trim());
    }

    /** A short description for messages: the full name, else the first address. */
    public String describe() {
        if (fullName != null) {
            return fullName;
        }
        return urls.isEmpty() ? "(no repository in the payload)" : urls.get(0);
    }
}
