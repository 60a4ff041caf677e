package io.sextant.git.webhook;

/** A delivery cannot be read: not JSON, or missing a field its event always has. The message says which. */
public class WebhookPayloadException extends Exception {

    public WebhookPayloadException(String message) {
        super(message);
    }

    public WebhookPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
