package io.sextant.engine.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;

/**
 * Bounds in time what a request whose body the engine did not read can hold of the server. Tomcat would
 * read ("swallow") the rest of such a body, up to {@code server.tomcat.max-swallow-size}, to keep the
 * connection usable and so that the client sees the answer (closing a socket with unread input resets it,
 * and a reset can cost the client the answer): a refusal before the body is read (401, 403, 413, 429,
 * 503), or a request to an endpoint that takes no body. But it waits for each byte as long as the body read
 * timeout allows, so a client trickling a byte every few seconds held a thread for hours, and a few hundred
 * of them left the health probe unanswered.
 *
 * <p>Here the answer is sent first; then what the client sends at once is read, for at most
 * {@link #GRACE_MILLIS} and up to the swallow size, giving up as soon as nothing arrives for
 * {@link #IDLE_MILLIS}; and if the body is still not all read, the connection is closed rather than kept.
 * A client that sends its body whole sees the answer as before; a slow one costs a thread for a moment.
 * A host valve, outside the error report valves, so that the answer is final (error page included) before
 * it is sent. Event streams (asynchronous requests) are left alone: they end on their own terms.
 */
final class UnreadBodyValve extends ValveBase {

    /** Longer than a round trip on a slow link, where a body sent at once arrives in bursts. */
    static final long IDLE_MILLIS = 250;
    static final long GRACE_MILLIS = 2000;
    private static final long POLL_MILLIS = 5;

    UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.isAsync() || !hasUnreadBody(request)) {
            return;
        }
        if (!response.isCommitted()) {
            response.setHeader("Connection", "close");
        }
        boolean drained = false;
        try {
            response.flushBuffer();
            drained = drain(request);
        } catch (IOException | RuntimeException gone) {
            // The client left, or the body cannot be read any more: close.
        }
        if (!drained) {
            // What Tomcat does for an aborted upload: no more reading; the connection is closed after the answer.
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    /** Reads what of the body arrives promptly, never waiting on the socket; whether it was all read. */
    private static boolean drain(Request request) throws IOException {
        if (request.getContentLengthLong() < 0) {
            return false; // chunked: reading a chunk header could wait on the socket
        }
        long max = maxSwallowSize(request);
        long started = System.nanoTime();
        long lastByte = started;
        long read = 0;
        InputStream in = request.getInputStream();
        byte[] buffer = new byte[8192];
        while (!fullyRead(request)) {
            int available = available(request, in);
            long now = System.nanoTime();
            if (available > 0) {
                int n = in.read(buffer, 0, Math.min(buffer.length, available));
                if (n < 0) {
                    return true;
                }
                read += n;
                lastByte = now;
                if (max >= 0 && read > max) {
                    return false;
                }
            } else if (now - lastByte > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
                return false;
            } else {
                sleep();
            }
            if (now - started > TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes readable without blocking: buffered ones, else what a non-blocking read of the socket brings. */
    private static int available(Request request, InputStream in) throws IOException {
        int buffered = in.available();
        if (buffered > 0) {
            return buffered;
        }
        request.getCoyoteRequest().action(ActionCode.AVAILABLE, Boolean.TRUE);
        return request.getCoyoteRequest().getAvailable();
    }

    private static long maxSwallowSize(Request request) {
        return request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http
                ? http.getMaxSwallowSize() : 64 * 1024;
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading an unread body", e);
        }
    }

    private static boolean hasUnreadBody(Request request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return false;
        }
        return !fullyRead(request);
    }

    private static boolean fullyRead(Request request) {
        AtomicBoolean fullyRead = new AtomicBoolean();
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        return fullyRead.get();
    }
}
