package io.sextant.analysis.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP GET with a deadline on the whole exchange and a cap on the body. The JDK's request timeout
 * only covers the wait for the response headers: a server that sends them and then stalls its body
 * would hold a measurement thread forever, and one that sends without end would fill the heap.
 */
public final class BoundedHttp {

    /** Closes the body of a read past its deadline, which ends the blocked read with an IOException. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sextant-analysis-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** A status and a body. */
    public record Response(int status, byte[] body) {
    }

    private BoundedHttp() {
    }

    /**
     * Sends {@code request} and reads the answer within {@code timeout}, at most {@code maxBytes} of body.
     * Fails with an {@link IOException} whose message names {@code what} and says why.
     */
    public static Response get(HttpClient client, HttpRequest request, Duration timeout, int maxBytes, String what)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<InputStream>> pending =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException(what + " did not answer within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new IOException(what + " did not answer within " + timeout);
            }
            throw new IOException(what + " could not be reached: " + cause, cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted", e);
        }
        InputStream body = response.body();
        long left = Math.max(1, deadline - System.nanoTime());
        ScheduledFuture<?> guard = DEADLINES.schedule(() -> closeQuietly(body), left, TimeUnit.NANOSECONDS);
        try (body) {
            return new Response(response.statusCode(), readAtMost(body, maxBytes, what));
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException(what + " did not send its answer within " + timeout, e);
            }
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    private static byte[] readAtMost(InputStream in, int maxBytes, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > maxBytes) {
                throw new IOException(what + ": the answer is larger than " + maxBytes + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the close either way
        }
    }
}
