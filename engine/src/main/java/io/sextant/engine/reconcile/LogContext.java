package io.sextant.engine.reconcile;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts what a reconcile is working on into the SLF4J MDC, so every log line written meanwhile, in
 * any class, carries it; with structured logging ({@code logging.structured.format.console=ecs} or
 * {@code logstash}) these become JSON fields. Keys are namespaced under {@code sextant.} so they do
 * not collide with ECS's own {@code source} field.
 *
 * <pre>{@code
 * try (LogContext.Scope scope = LogContext.reconcile("platform", "poll")) {
 *     LogContext.commit(commitId);                 // once the commit is known
 *     LogContext.resource("ModelDeployment/search/llama", "sim-local");   // per step
 * }                                                // everything restored here
 * }</pre>
 */
final class LogContext {

    public static final String SOURCE = "sextant.source";
    public static final String TRIGGER = "sextant.trigger";
    public static final String COMMIT = "sextant.commit";
    public static final String RESOURCE = "sextant.resource";
    public static final String BACKEND = "sextant.backend";

    private static final String[] KEYS = {SOURCE, TRIGGER, COMMIT, RESOURCE, BACKEND};

    private LogContext() {
    }

    /** Restores the MDC keys of this class to what they were when the scope opened. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Starts a reconcile run's context: source and trigger set, commit and resource cleared. */
    public static Scope reconcile(String source, String trigger) {
        Map<String, String> saved = new HashMap<>();
        for (String key : KEYS) {
            saved.put(key, MDC.get(key));
            MDC.remove(key);
        }
        put(SOURCE, source);
        put(TRIGGER, trigger);
        return () -> saved.forEach(LogContext::put);
    }

    /** The commit being reconciled (full id). */
    public static void commit(String commitId) {
        put(COMMIT, commitId);
    }

    /** The resource of the step being run ({@code Kind/namespace/name}) and its backend; nulls clear them. */
    public static void resource(Object resource, String backend) {
        put(RESOURCE, resource == null ? null : resource.toString());
        put(BACKEND, backend);
    }

    private static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
