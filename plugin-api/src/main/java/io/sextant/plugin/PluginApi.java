package io.sextant.plugin;

/** The version of this API. A plugin names the version it was built against; the engine refuses others. */
public final class PluginApi {

    /** Raised on every incompatible change of a type in {@code io.sextant.plugin}; additions keep it. */
    public static final int VERSION = 1;

    private PluginApi() {}
}
