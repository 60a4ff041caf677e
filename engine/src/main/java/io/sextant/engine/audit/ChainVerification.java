package io.sextant.engine.audit;

/**
 * Result of re-checking the hash chain.
 *
 * @param valid        whether every event's hash matches its content and predecessor
 * @param events       how many events are stored
 * @param firstBrokenId id of the first event that does not verify (its content, its hash or its link to the
 *                      previous event was changed), or the first id missing from the chain (events deleted
 *                      from the middle or the end); null when valid
 */
public record ChainVerification(boolean valid, long events, Long firstBrokenId) {}
