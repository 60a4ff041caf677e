package io.sextant.git.webhook;

/** The result of checking a delivery's signature against one secret. */
public enum SignatureCheck {

    /** The signature (or token) matches the secret. */
    VALID,

    /** The delivery carries no signature: the webhook was configured without a secret. */
    MISSING,

    /** A signature is present but does not match, is malformed or uses another algorithm. */
    INVALID
}
