package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.webhook.RepositoryId;
import io.sextant.git.webhook.RepositoryUrls;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the sources a delivery's repository belongs to: its addresses match a source's {@code url}
 * (see {@link RepositoryUrls} for what counts as the same address), or its full name matches the
 * source's {@code host.repository}. Several sources may watch one repository (other branches or
 * paths); each is then authenticated with its own secret.
 */
final class SourceMatcher {

    private final List<SourceProperties> sources;

    SourceMatcher(Collection<SourceProperties> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Every configured source. */
    List<SourceProperties> all() {
        return sources;
    }

    List<SourceProperties> sourcesOf(RepositoryId repository) {
        Set<String> addresses = repository.urls().stream().map(RepositoryUrls::normalise).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return sources.stream().filter(source -> addresses.contains(RepositoryUrls.normalise(source.url()))
                || (source.host() != null && repository.hasFullName(source.host().repository()))).toList();
    }
}
