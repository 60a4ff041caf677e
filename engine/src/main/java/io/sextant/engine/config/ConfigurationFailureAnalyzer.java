package io.sextant.engine.config;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * Turns a configuration mistake that stopped start-up into Spring Boot's short "APPLICATION FAILED TO
 * START" report: one line naming the key and one saying what to do. Spring Boot logs the stack trace
 * only at debug level once an analyzer has explained the failure, so the user's first screen is the fix,
 * not 80 lines of bean creation. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Besides {@link ConfigurationException}, any error in the chain whose message starts with a
 * {@code sextant.} key is one of the engine's own start-up checks (or a properties record's constructor,
 * reached through binding) and is reported the same way.
 */
public final class ConfigurationFailureAnalyzer implements FailureAnalyzer, Ordered {

    static final String GENERIC_FIX = "Correct this setting in the engine's configuration (application.yaml,"
            + " --spring.config.additional-location, command-line or environment) and start again.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigurationException e) {
                return new FailureAnalysis(oneLine(e.getMessage()), e.fix(), e);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.startsWith("sextant.") || message.startsWith("spring.datasource."))) {
                return new FailureAnalysis(oneLine(message), GENERIC_FIX, t);
            }
        }
        return null;
    }

    /** Messages may quote a value or an IO error with newlines; the report keeps to one line. */
    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** Before Spring Boot's generic binding analyzers, which would print the nested exception instead. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
