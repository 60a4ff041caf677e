package io.sextant.engine.audit;

/**
 * Result of re-checking the hash chain.
 *
 * @param valid        whether every event's hash matches its content and predecessor
 * @param events       how many events were checked
 * @param firstBrokenId id of the first event that does not verify, or null when valid
 */
public record ChainVerification(boolean valid, long events, Long firstBrokenId) {}
