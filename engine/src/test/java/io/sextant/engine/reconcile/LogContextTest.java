package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What the MDC holds during and after a reconcile's log context. */
class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aRunStartsCleanAndLeavesNothingBehind() {
        MDC.put(LogContext.COMMIT, "stale-commit-of-an-earlier-run");
        MDC.put("request.id", "unrelated");

        try (LogContext.Scope scope = LogContext.reconcile("fleet", "poll")) {
            assertThat(MDC.get(LogContext.SOURCE)).isEqualTo("fleet");
            assertThat(MDC.get(LogContext.TRIGGER)).isEqualTo("poll");
            assertThat(MDC.get(LogContext.COMMIT)).as("not carried over").isNull();
            LogContext.commit("0123abc");
            LogContext.resource("ModelDeployment/search/llama", "sim-local");
            assertThat(MDC.get(LogContext.RESOURCE)).isEqualTo("ModelDeployment/search/llama");
            assertThat(MDC.get(LogContext.BACKEND)).isEqualTo("sim-local");
            LogContext.resource(null, null);
            assertThat(MDC.get(LogContext.RESOURCE)).isNull();
            assertThat(MDC.get(LogContext.COMMIT)).isEqualTo("0123abc");
        }

        assertThat(MDC.get(LogContext.SOURCE)).isNull();
        assertThat(MDC.get(LogContext.COMMIT)).as("restored").isEqualTo("stale-commit-of-an-earlier-run");
        assertThat(MDC.get("request.id")).as("other keys untouched").isEqualTo("unrelated");
    }

    @Test
    void nestedScopesRestoreTheOuterOne() {
        try (LogContext.Scope outer = LogContext.reconcile("fleet", "manual")) {
            LogContext.commit("outer-commit");
            try (LogContext.Scope inner = LogContext.reconcile("mirror", "drift")) {
                assertThat(MDC.get(LogContext.SOURCE)).isEqualTo("mirror");
                assertThat(MDC.get(LogContext.COMMIT)).isNull();
            }
            assertThat(MDC.get(LogContext.SOURCE)).isEqualTo("fleet");
            assertThat(MDC.get(LogContext.TRIGGER)).isEqualTo("manual");
            assertThat(MDC.get(LogContext.COMMIT)).isEqualTo("outer-commit");
        }
    }
}
