package io.sextant.engine.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Reads a request body up to a size cap and a deadline, refusing as soon as either is passed: a declared
 * {@code Content-Length} over the cap is refused before reading, and a chunked body at the first
 * byte beyond it, so an oversized delivery never sits in memory whole; a body still arriving at the
 * deadline is refused at its next read, so a sender trickling bytes holds a thread for a bounded time
 * (each read itself waits at most {@code sextant.http.body-read-timeout}).
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body would exceed the cap. */
    static final class TooLarge extends Exception {

        TooLarge(long max) {
            super("the body exceeds sextant.webhooks.max-payload-size (" + max + " bytes)");
        }
    }

    /** The body did not arrive before the deadline. */
    static final class TooSlow extends Exception {

        TooSlow(Duration timeout) {
            super("the body did not arrive within sextant.webhooks.read-timeout (" + timeout.toMillis() + " ms)");
        }
    }

    /**
     * @param contentLength the declared length, or -1 when unknown (chunked)
     * @param max           the largest body accepted, in bytes
     * @param timeout       how long the whole body may take
     */
    static byte[] read(InputStream in, long contentLength, int max, Duration timeout)
            throws IOException, TooLarge, TooSlow {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (contentLength > max) {
            throw new TooLarge(max);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(contentLength > 0 ? (int) contentLength : 8192);
        byte[] buffer = new byte[8192];
        long total = 0;
        while (true) {
            // Never ask for more than one byte past the cap: that byte alone proves the body too large.
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, max + 1L - total));
            if (n < 0) {
                return out.toByteArray();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TooSlow(timeout);
            }
            total += n;
            if (total > max) {
                throw new TooLarge(max);
            }
            out.write(buffer, 0, n);
        }
    }
}
