package io.sextant.engine.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Connection limits of the engine's HTTP server that Spring Boot's {@code server.tomcat.*} keys do not
 * cover ({@code sextant.http.*}).
 *
 * @param bodyReadTimeout the longest wait for the next bytes of a request body (Tomcat's
 *                        {@code connectionUploadTimeout}); a body that stalls longer fails and frees
 *                        its thread. Each read waits at most this long, so a body trickling faster is
 *                        bounded by the reader's own deadline ({@code sextant.webhooks.read-timeout})
 */
@ConfigurationProperties("sextant.http")
record HttpProperties(@DefaultValue("10s") Duration bodyReadTimeout) {

    HttpProperties {
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero() || bodyReadTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sextant.http.body-read-timeout must be positive (and under 24 days), was "
                    + bodyReadTimeout);
        }
    }
}
