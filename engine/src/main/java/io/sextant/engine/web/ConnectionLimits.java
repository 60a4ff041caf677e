package io.sextant.engine.web;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds what one connection can hold of the server. Tomcat's NIO connector parses headers without a
 * thread, but reading a body blocks one: by default a body waits for its next byte as long as the
 * connection timeout allows, and a refused request still waits while Tomcat swallows its body. Here
 * a stalled body read fails after {@code sextant.http.body-read-timeout}, and a body the engine did not
 * read is read only for a moment after the answer is sent ({@link UnreadBodyValve}). The remaining limits are {@code server.tomcat.*} keys in
 * {@code application.yaml}; slow headers can only be bounded by the proxy in front (README, Production).
 */
@Component
class ConnectionLimits implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final HttpProperties properties;

    ConnectionLimits(HttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("disableUploadTimeout", "false");
            connector.setProperty("connectionUploadTimeout", Long.toString(properties.bodyReadTimeout().toMillis()));
        });
    }
}
