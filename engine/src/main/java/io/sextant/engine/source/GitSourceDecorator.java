package io.sextant.engine.source;

import io.sextant.git.api.GitSource;

/**
 * Wraps each source's Git access when the sources are built, to observe Git operations (metrics,
 * tracing) without the registry knowing who observes. Spring beans of this type are applied in their
 * {@code @Order}.
 */
@FunctionalInterface
public interface GitSourceDecorator {

    /**
     * @param source the source's name
     * @param git    its Git access, possibly already wrapped by another decorator
     * @return the Git access the engine should use; closing it must close {@code git}
     */
    GitSource decorate(String source, GitSource git);
}
