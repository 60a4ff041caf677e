package io.sextant.engine.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body up to a size cap, refusing as soon as the cap is passed: a declared
 * {@code Content-Length} over the cap is refused before reading, and a chunked body at the first
 * byte beyond it, so an oversized delivery never sits in memory whole.
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

    /**
     * @param contentLength the declared length, or -1 when unknown (chunked)
     * @param max           the largest body accepted, in bytes
     */
    static byte[] read(InputStream in, long contentLength, int max) throws IOException, TooLarge {
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
            total += n;
            if (total > max) {
                throw new TooLarge(max);
            }
            out.write(buffer, 0, n);
        }
    }
}
