package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the fabric8 client of a {@code kubernetes} backend from its connection settings. Tokens are
 * handed to the client and never logged or put in messages.
 */
final class KubeClients {

    private static final int MAX_CONNECT_MILLIS = 10_000;

    private KubeClients() {
    }

    /** @throws IllegalArgumentException when the kubeconfig cannot be used, naming the backend */
    static KubernetesClient connect(String backend, KubeSettings settings) {
        Config config = tuned(base(backend, settings.connection()), settings);
        // The JDK client: no Vert.x or Netty in the engine's runtime, and it honours the request timeout.
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .withKubernetesSerialization(serialization()).build();
    }

    /**
     * fabric8's JSON mapping without its search of the class path for typed models: a watch event of a
     * Deployment then becomes the generic resource the informers keep, instead of a typed Deployment converted
     * to one (two more passes over every object: a third of the watch threads' CPU on a first sync). Only the
     * Status of a failed request or a watch's ERROR event (410 Gone) must be typed, so fabric8 reads it as one.
     * Typed requests (nodes and pods for GPU capacity) name their type and are unaffected.
     */
    static KubernetesSerialization serialization() {
        KubernetesSerialization serialization = new KubernetesSerialization(new ObjectMapper(), false);
        serialization.registerKubernetesResource(Status.class);
        return serialization;
    }

    static Config base(String backend, KubeSettings.Connection connection) {
        try {
            if (connection.url() != null) {
                ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(connection.url());
                if (connection.tokenEnv() != null) {
                    builder.withOauthToken(System.getenv(connection.tokenEnv()));
                }
                if (connection.tokenFile() != null) {
                    Path file = connection.tokenFile();
                    // Read on use: projected service-account tokens are rotated in place.
                    builder.withOauthTokenProvider(() -> readToken(file));
                }
                if (connection.caFile() != null) {
                    builder.withCaCertFile(connection.caFile().toString());
                }
                return builder.build();
            }
            if (connection.kubeconfig() != null) {
                return Config.fromKubeconfig(connection.context(), connection.kubeconfig().toFile());
            }
            return Config.autoConfigure(connection.context());
        } catch (KubernetesClientException e) {
            throw new IllegalArgumentException("backend '" + backend + "' (type kubernetes): cannot use its "
                    + (connection.kubeconfig() != null ? "kubeconfig '" + connection.kubeconfig() + "'" : "connection")
                    + ": " + e.getMessage(), e);
        }
    }

    private static Config tuned(Config base, KubeSettings settings) {
        int timeout = (int) settings.requestTimeout().toMillis();
        ConfigBuilder builder = new ConfigBuilder(base)
                .withRequestTimeout(timeout)
                .withConnectionTimeout(Math.min(timeout, MAX_CONNECT_MILLIS))
                // The engine retries transient failures with backoff and jitter; a second loop here would
                // multiply the wait and hide the failure from status.
                .withRequestRetryBackoffLimit(0)
                // The API server serves watches over WebSockets and HTTP streams; behind a proxy without WebSockets
                // fabric8 falls back to a stream a reconnect interval (1 s) later, so such a user skips the attempt.
                .withOnlyHttpWatches(settings.httpWatches());
        if (settings.namespace() != null) {
            builder.withNamespace(settings.namespace());
        } else if (base.getNamespace() == null) {
            builder.withNamespace("default");
        }
        return builder.build();
    }

    private static String readToken(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
    }
}
