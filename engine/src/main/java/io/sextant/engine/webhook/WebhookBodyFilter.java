package io.sextant.engine.webhook;

import io.sextant.engine.metrics.WebhookMetrics;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps every webhook body, whatever its content type, before anything parses it: Spring's multipart
 * support (and a form parser asked for a parameter) would otherwise read a body of up to
 * {@code spring.servlet.multipart.max-request-size} before the controller's own cap is reached. Runs
 * first, reads the raw stream with {@link BoundedBody} (413 past {@code sextant.webhooks.max-payload-size}),
 * and hands on the bytes it read. A multipart body is refused (415) here: webhooks are JSON, and
 * letting it through would have the dispatcher parse it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebhookBodyFilter extends OncePerRequestFilter {

    static final String PREFIX = "/api/v1/webhooks/";

    private final WebhookMetrics metrics;
    private final int maxPayloadSize;
    private final java.time.Duration readTimeout;
    private final int maxReaders;
    /** Bodies being received at once: slow senders can hold only this many threads. */
    private final java.util.concurrent.Semaphore readers;

    WebhookBodyFilter(WebhookMetrics metrics, WebhooksProperties properties) {
        this.metrics = metrics;
        this.maxPayloadSize = (int) properties.maxPayloadSize().toBytes();
        this.readTimeout = properties.readTimeout();
        this.maxReaders = properties.maxConcurrentReads();
        this.readers = new java.util.concurrent.Semaphore(maxReaders);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!readers.tryAcquire()) {
            refuse(request, response, 503, "invalid", "too many deliveries being received at once "
                    + "(sextant.webhooks.max-concurrent-reads = " + maxReaders + "); the Git host redelivers later");
            return;
        }
        byte[] body;
        try {
            body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxPayloadSize,
                    readTimeout);
        } catch (BoundedBody.TooLarge e) {
            refuse(request, response, 413, "too-large", e.getMessage());
            return;
        } catch (BoundedBody.TooSlow e) {
            refuse(request, response, 408, "invalid", e.getMessage());
            return;
        } catch (IOException e) {
            // Tomcat's read timeout arrives as a SocketTimeoutException, often wrapped: either way the body stalled.
            refuse(request, response, 408, "invalid", "the body did not arrive in time (sextant.webhooks.read-timeout, "
                    + "or sextant.http.body-read-timeout between two reads)");
            return;
        } finally {
            readers.release();
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            refuse(request, response, 415, "invalid", "webhooks must be sent as JSON: set the webhook's content "
                    + "type to application/json");
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String result,
                        String detail) throws IOException {
        String provider = request.getRequestURI().substring(PREFIX.length()).split("/", 2)[0];
        if (provider.matches("github|gitlab|gitea")) {
            metrics.delivered(provider, result);
        }
        // The connection may still hold an unread body: do not keep it open to read the rest.
        response.setHeader("Connection", "close");
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"instance\":\"" + json(request.getRequestURI()) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        // Committed now: after a read timeout Tomcat marks the response as an error, and would otherwise
        // replace this answer with the generic error page.
        response.flushBuffer();
    }

    private static String title(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            default -> "Unsupported Media Type";
        };
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The request with its body already read: the stream replays those bytes. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }
    }
}
