package io.sextant.spec.policy;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model URIs as the allow-list compares them: {@code scheme://path}, with the scheme in lower case and a path
 * that is already in canonical form. Anything a store or a loader might resolve differently from how it
 * reads — percent-encoding, {@code .} or {@code ..} segments, empty segments, backslashes, whitespace — is
 * refused rather than normalised: a URI that needs decoding to be judged is not one a reviewer can trust.
 * Case is kept and compared exactly, so {@code hf://META-LLAMA/x} is not admitted by {@code hf://meta-llama/}.
 */
public final class ModelUris {

    /** The schemes DESIGN.md section 3 names for {@code spec.model.uri}. */
    private static final java.util.Set<String> SCHEMES = java.util.Set.of("hf", "s3", "gs", "pvc", "file");
    private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern CONTENT_DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private ModelUris() {
    }

    /** Why {@code uri} is not a canonical model URI; empty when it is. */
    public static Optional<String> problem(String uri) {
        int colon = uri.indexOf("://");
        if (colon <= 0) {
            return Optional.of("is not a URI of the form scheme://path");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return Optional.of("has scheme '" + scheme + "' (known: file, gs, hf, pvc, s3)");
        }
        String path = uri.substring(colon + 3);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' || c == '\\' || c == '?' || c == '#' || c <= ' ' || c == 0x7f) {
                return Optional.of("contains '" + (c <= ' ' ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c))
                        + "', which a store may decode differently from how it reads");
            }
        }
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("has a '" + segment + "' segment");
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return Optional.of("has an empty path segment");
            }
        }
        return Optional.empty();
    }

    /** {@code uri} with its scheme in lower case; call only for a URI without a {@link #problem}. */
    static String canonical(String uri) {
        int colon = uri.indexOf("://");
        return uri.substring(0, colon).toLowerCase(Locale.ROOT) + uri.substring(colon);
    }

    /**
     * A configured prefix in the form it is matched in: canonical, and ending at a path boundary ({@code /}
     * appended when missing), so {@code hf://meta-llama} admits {@code hf://meta-llama/x} and never
     * {@code hf://meta-llama-evil/x}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static String prefix(String configured) {
        String value = configured == null ? "" : configured.strip();
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("'" + configured + "' " + problem.get());
        }
        if (value.endsWith("://")) {
            throw new IllegalArgumentException("'" + configured + "' admits every URI of its scheme; name at least"
                    + " a bucket or an organisation");
        }
        String canonical = canonical(value);
        return canonical.endsWith("/") ? canonical : canonical + "/";
    }

    /** Whether canonical {@code uri} lies under matched-form {@code prefix}. */
    static boolean under(String uri, String prefix) {
        return (uri + "/").startsWith(prefix);
    }

    /**
     * Why {@code revision} is not an immutable id for a model at {@code uri}; empty when it is. Hugging Face
     * revisions are Git refs, so only a full 40-hex commit id is immutable; a branch ({@code main}), a tag or
     * an abbreviated id is not. Other stores have no revision scheme Sextant can check (an S3 version id is an
     * opaque string, indistinguishable from a tag), so they are pinned by a content digest of the model's
     * files, {@code sha256:<64 hex>}.
     */
    public static Optional<String> unpinned(String uri, String revision) {
        boolean hf = uri.toLowerCase(Locale.ROOT).startsWith("hf://");
        if (revision == null || revision.isEmpty()) {
            return Optional.of("is not pinned: set " + (hf ? "a 40-hex commit id" : "a sha256:<64 hex> content digest"));
        }
        if (hf ? GIT_COMMIT.matcher(revision).matches() : CONTENT_DIGEST.matcher(revision).matches()) {
            return Optional.empty();
        }
        return Optional.of("'" + revision + "' is not an immutable revision (expected "
                + (hf ? "a full 40-hex lower-case commit id, not a branch, tag or short id"
                : "a sha256:<64 hex> content digest") + ")");
    }
}
