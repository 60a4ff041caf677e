package io.sextant.engine.signature;

import java.util.Locale;

/** {@code sextant.sources[].verify-signatures.mode}: what an unverified commit leads to. */
enum SignatureMode {
    /** Signatures are not looked at. */
    OFF,
    /** Unverified commits are applied, with a warning in the log. */
    WARN,
    /** Unverified commits are blocked, with an audit event per change. */
    REQUIRED;

    /**
     * The mode a configured value names; absent means {@code off}. YAML 1.1 reads an unquoted
     * {@code off} as the boolean false, which Spring hands over as {@code "false"}.
     */
    static SignatureMode parse(String value, String source) {
        if (value == null || value.isBlank()) {
            return OFF;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "off":
            case "false":
                return OFF;
            case "warn":
                return WARN;
            case "required":
                return REQUIRED;
            default:
                throw new IllegalStateException("sextant.sources[" + source + "].verify-signatures.mode: '" + value
                        + "' is not one of off, warn, required");
        }
    }
}
