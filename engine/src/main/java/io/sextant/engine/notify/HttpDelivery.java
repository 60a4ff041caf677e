package io.sextant.engine.notify;

import io.sextant.engine.notify.Channel.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP POST of a notification, translated into a {@link Delivery}. The answer's text is quoted only up to
 * 200 characters, and the URL never: a Slack incoming-webhook URL is itself the credential.
 */
final class HttpDelivery {

    private static final int QUOTE = 200;

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;

    HttpDelivery(URI url, Duration timeout) {
        // No redirects: a channel that moved is a configuration to fix, and following one could post elsewhere.
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.url = url;
        this.timeout = timeout;
    }

    /** The answer, or empty with {@code failure} set when there was none (reset, timeout, refused connection). */
    Answer post(String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", contentType).header("User-Agent", "sextant-notifications")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8).strip();
            return new Answer(response.statusCode(), text.length() > QUOTE ? text.substring(0, QUOTE) + "…" : text,
                    response.headers().firstValue("Retry-After").flatMap(HttpDelivery::seconds), null);
        } catch (HttpTimeoutException e) {
            return new Answer(0, "", Optional.empty(), "no answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            // The exception's message may quote the address; its type says what happened without it.
            return new Answer(0, "", Optional.empty(), "connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "", Optional.empty(), "interrupted");
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: fall back to our own backoff
        }
    }

    /** What the channel answered: {@code status} 0 and {@code failure} set when it did not answer at all. */
    record Answer(int status, String body, Optional<Duration> retryAfter, String failure) {

        /** The usual reading: 2xx delivered, 429 and 5xx and no answer retried, other statuses refused. */
        Delivery delivery(String what) {
            if (failure != null) {
                return new Delivery.Retry(what + ": " + failure, null);
            }
            if (status >= 200 && status < 300) {
                return new Delivery.Delivered();
            }
            String reason = what + " answered " + status + (body.isEmpty() ? "" : ": " + body);
            if (status == 429 || status >= 500 || status == 408) {
                return new Delivery.Retry(reason, retryAfter.orElse(null));
            }
            return new Delivery.Refused(reason);
        }
    }
}
