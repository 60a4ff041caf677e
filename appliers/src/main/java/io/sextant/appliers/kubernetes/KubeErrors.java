package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.plugin.BackendException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates fabric8 failures into {@link BackendException}s at the seam: no answer, 5xx and 429 are
 * transient; any other 4xx is permanent and carries the API server's own Status message.
 */
final class KubeErrors {

    /** How the API server names the other owner in a server-side apply conflict. */
    private static final Pattern CONFLICT_MANAGER = Pattern.compile("conflicts? with \"([^\"]+)\"");

    private KubeErrors() {
    }

    /**
     * @param where  {@code backend 'prod-k8s'}
     * @param action what was being done, such as {@code apply Deployment inference/search--llama}
     */
    static BackendException translate(String where, String action, RuntimeException failure) {
        String prefix = where + ": " + action + ": ";
        if (failure instanceof KubernetesClientException kube && kube.getCode() > 0) {
            return answered(prefix, kube);
        }
        Throwable root = rootCause(failure);
        // The JDK client reports a dropped connection it could not replace as a timeout caused by the drop:
        // the deepest cause says what happened.
        if (isTimeout(root)) {
            return BackendException.transientFailure(prefix + "the API server did not answer in time", failure);
        }
        if (root instanceof IOException || failure instanceof KubernetesClientException
                || failure instanceof UncheckedIOException) {
            return BackendException.transientFailure(prefix + "cannot reach the API server: " + describe(root), failure);
        }
        return BackendException.permanent(prefix + describe(root), failure);
    }

    private static BackendException answered(String prefix, KubernetesClientException failure) {
        int code = failure.getCode();
        Status status = failure.getStatus();
        String reason = status != null && status.getReason() != null ? " " + status.getReason() : "";
        String message = status != null && status.getMessage() != null && !status.getMessage().isBlank()
                ? status.getMessage() : failure.getMessage();
        String text = prefix + code + reason + ": " + message;
        if (code >= 500 || code == 429) {
            return BackendException.transientFailure(text, failure);
        }
        if (code == 409) {
            Set<String> managers = new LinkedHashSet<>();
            Matcher matcher = CONFLICT_MANAGER.matcher(message);
            while (matcher.find()) {
                managers.add("'" + matcher.group(1) + "'");
            }
            if (!managers.isEmpty()) {
                text += " (fields owned by field manager " + String.join(", ", managers)
                        + "; Sextant takes fields it declares only with the backend's force-conflicts: true, the default)";
            }
        }
        return BackendException.permanent(text, failure);
    }

    /** The fields of a 409 apply conflict and their owners, as {@code .spec.replicas (owned by "kubectl")}. */
    static String conflicts(KubernetesClientException conflict) {
        Status status = conflict.getStatus();
        if (status == null || status.getDetails() == null || status.getDetails().getCauses() == null
                || status.getDetails().getCauses().isEmpty()) {
            return status != null && status.getMessage() != null ? status.getMessage() : conflict.getMessage();
        }
        return status.getDetails().getCauses().stream().map(c -> c.getField() + " (" + c.getMessage() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static boolean isTimeout(Throwable t) {
        return t instanceof HttpTimeoutException || t instanceof TimeoutException || t instanceof SocketTimeoutException;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
