package io.sextant.appliers.kubernetes;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names and labels of the Kubernetes objects that stand for a Sextant resource. Every Sextant namespace
 * shares one Kubernetes namespace, so object names join namespace and name; labels carry the identity so
 * listing by label finds exactly what Sextant owns, and nothing a person made by hand.
 */
final class KubeNames {

    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String SEXTANT = "sextant";
    static final String KIND = "sextant.io/kind";
    static final String NAMESPACE = "sextant.io/namespace";
    static final String NAME = "sextant.io/name";
    /** The Sextant manifest as last applied, on the object that stands for the resource. */
    static final String MANIFEST = "sextant.io/manifest";
    /** A hash of the object as Sextant last applied it. */
    static final String APPLIED = "sextant.io/applied-hash";

    private static final int MAX = 63;
    private static final int HASH_CHARS = 8;
    /** DNS-1035: Services need a leading letter, so every name gets one. */
    private static final Pattern VALID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** A label value Kubernetes takes as it is (the common case, checked for every object of every apply). */
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private KubeNames() {
    }

    /**
     * A stable, valid object name: {@code <namespace>--<name>} when that is a DNS-1035 label of at most 63
     * characters and the namespace holds no {@code --} (then the first {@code --} splits the two, so two
     * resources never share a name: {@code ml/prod-llama} and {@code ml-prod/llama} differ), else a cleaned
     * prefix and a hash of the identity.
     */
    static String objectName(ResourceKey key) {
        String joined = key.namespace() + "--" + key.name();
        if (joined.length() <= MAX && VALID.matcher(joined).matches() && !key.namespace().contains("--")) {
            return joined;
        }
        String clean = joined.toLowerCase(Locale.ROOT).replaceAll("[^-a-z0-9]", "-");
        if (!clean.matches("[a-z].*")) {
            clean = "s-" + clean;
        }
        String prefix = clean.substring(0, Math.min(clean.length(), MAX - HASH_CHARS - 1)).replaceAll("-+$", "");
        return prefix + "-" + hash(key.namespace() + "/" + key.name(), HASH_CHARS);
    }

    /** Labels that select exactly the objects of one resource (also the pod selector, which is immutable). */
    static Map<String, String> labels(ResourceKey key) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, SEXTANT);
        labels.put(KIND, key.kind().apiName());
        labels.put(NAMESPACE, labelValue(key.namespace()));
        labels.put(NAME, labelValue(key.name()));
        return labels;
    }

    /** Labels that select every object Sextant manages of one kind. */
    static Map<String, String> kindLabels(Kind kind) {
        return Map.of(MANAGED_BY, SEXTANT, KIND, kind.apiName());
    }

    /** The resource an object stands for, when it carries Sextant's labels and an unshortened identity. */
    static Optional<ResourceKey> keyOf(Map<String, String> labels) {
        if (labels == null || !SEXTANT.equals(labels.get(MANAGED_BY))) {
            return Optional.empty();
        }
        Optional<Kind> kind = kindOf(String.valueOf(labels.get(KIND)));
        String namespace = labels.get(NAMESPACE);
        String name = labels.get(NAME);
        if (kind.isEmpty() || namespace == null || name == null) {
            return Optional.empty();
        }
        return Optional.of(new ResourceKey(kind.get(), namespace, name));
    }

    private static Optional<Kind> kindOf(String label) {
        try {
            return Optional.of(Kind.of(label));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether labels say the object stands for exactly this resource. */
    static boolean owns(Map<String, String> labels, ResourceKey key) {
        return labels != null && labels(key).entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Label values are at most 63 characters; Sextant names are DNS labels, so this only guards odd input. */
    private static String labelValue(String value) {
        if (value.length() <= MAX && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String clean = value.replaceAll("[^-A-Za-z0-9_.]", "-");
        return clean.substring(0, Math.min(clean.length(), MAX - HASH_CHARS - 1)).replaceAll("^[-_.]+|[-_.]+$", "")
                + "-" + hash(value, HASH_CHARS);
    }

    /** The first {@code chars} hex digits of the SHA-256 of {@code text}. */
    static String hash(String text, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
