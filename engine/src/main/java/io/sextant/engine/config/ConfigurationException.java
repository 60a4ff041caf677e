package io.sextant.engine.config;

/**
 * A configuration mistake found at start-up: the key, what is wrong with it, and how to fix it. Start-up
 * reports it as one line (see {@link ConfigurationFailureAnalyzer}), the stack trace only at debug level.
 * It is an {@link IllegalStateException} so that callers catching the older, untyped start-up errors keep
 * working.
 */
public final class ConfigurationException extends IllegalStateException {

    private final String key;
    private final String fix;

    /**
     * @param key     the setting, as a user writes it ({@code sextant.sources[platform].url})
     * @param problem what is wrong, without the key
     * @param fix     what to do about it, as an imperative sentence
     */
    public ConfigurationException(String key, String problem, String fix) {
        this(key, problem, fix, null);
    }

    public ConfigurationException(String key, String problem, String fix, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
        this.fix = fix;
    }

    public String key() {
        return key;
    }

    public String fix() {
        return fix;
    }
}
