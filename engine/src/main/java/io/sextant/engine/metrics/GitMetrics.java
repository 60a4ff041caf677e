package io.sextant.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.source.GitSourceDecorator;
import io.sextant.git.api.GitSource;
import org.springframework.stereotype.Component;

/** Times every source's {@code ls-remote} and fetches (see {@link TimedGitSource}). */
@Component
class GitMetrics implements GitSourceDecorator {

    private final MeterRegistry registry;

    GitMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public GitSource decorate(String source, GitSource git) {
        return new TimedGitSource(source, git, registry);
    }
}
