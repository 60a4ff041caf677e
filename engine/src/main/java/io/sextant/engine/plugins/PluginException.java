package io.sextant.engine.plugins;

import java.nio.file.Path;

/**
 * A plugin that cannot be used: the jar, what is wrong with it and what to do. The engine refuses to
 * start on one (a kind that silently went missing would turn its resources into spec errors or, worse,
 * leave them unmanaged), and {@code validate --plugins-dir} exits with it.
 */
public final class PluginException extends Exception {

    private final Path jar;
    private final String fix;

    PluginException(Path jar, String problem, String fix, Throwable cause) {
        super(jar + ": " + problem, cause);
        this.jar = jar;
        this.fix = fix;
    }

    PluginException(Path jar, String problem, String fix) {
        this(jar, problem, fix, null);
    }

    /** The jar at fault, or the plugins directory when the directory itself cannot be read. */
    public Path jar() {
        return jar;
    }

    /** What to do about it, as an imperative sentence. */
    public String fix() {
        return fix;
    }
}
