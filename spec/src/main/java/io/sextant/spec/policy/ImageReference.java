package io.sextant.spec.policy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference parsed as the Docker distribution reference grammar parses it:
 * {@code [host[:port]/]path[:tag][@digest]}. The first component is a registry host only when it holds a
 * {@code .} or {@code :} or is {@code localhost}; otherwise the registry is {@code docker.io} (and a
 * one-component path is under {@code library/}). A reference without tag or digest means {@code :latest}.
 *
 * @param registry the registry host, with its port when given, in lower case
 * @param path     the repository path, such as {@code vllm/vllm-openai}
 * @param tag      the tag, {@code latest} when none was written
 * @param digest   the {@code sha256:...} digest, or null
 */
public record ImageReference(String registry, String path, String tag, String digest) {

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern PATH = Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    /** Parses {@code image}; empty with {@code problem} naming why when it is not a valid reference. */
    public static Optional<ImageReference> parse(String image, StringBuilder problem) {
        String rest = image;
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                problem.append("has digest '").append(digest).append("', expected sha256:<64 lower-case hex>");
                return Optional.empty();
            }
        }
        String registry = "docker.io";
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.toLowerCase(java.util.Locale.ROOT);
                rest = rest.substring(slash + 1);
                if (!HOST.matcher(first).matches()) {
                    problem.append("has registry '").append(first).append("', which is not a host[:port]");
                    return Optional.empty();
                }
            }
        }
        String tag = "latest";
        int lastSlash = rest.lastIndexOf('/');
        int colon = rest.indexOf(':', lastSlash + 1);
        if (colon >= 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                problem.append("has tag '").append(tag).append("', which is not a valid tag");
                return Optional.empty();
            }
        }
        if (!PATH.matcher(rest).matches()) {
            problem.append("has repository '").append(rest)
                    .append("', which is not lower-case components separated by '/'");
            return Optional.empty();
        }
        if (registry.equals("docker.io") && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return Optional.of(new ImageReference(registry, rest, tag, digest));
    }

    /** {@code registry/path/}: what an allowed registry prefix is matched against. */
    String location() {
        return registry + "/" + path + "/";
    }

    /**
     * A configured registry prefix in matched form: {@code host[:port]/} or {@code host[:port]/path/}, so
     * {@code docker.io/vllm/} admits {@code vllm/vllm-openai} but neither {@code docker.io.evil.com/vllm/x}
     * nor {@code docker.io/vllm-evil/x}.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static String prefix(String configured) {
        String value = configured == null ? "" : configured.strip();
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        String path = slash < 0 ? "" : trimmed.substring(slash + 1);
        if (!HOST.matcher(host).matches() || !(host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            throw new IllegalArgumentException("'" + configured + "' does not start with a registry host such as"
                    + " docker.io/ or nvcr.io/ (lower case, with a dot or a port)");
        }
        if (!path.isEmpty() && !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + configured + "' has path '" + path
                    + "', which is not lower-case components separated by '/'");
        }
        return path.isEmpty() ? host + "/" : host + "/" + path + "/";
    }
}
