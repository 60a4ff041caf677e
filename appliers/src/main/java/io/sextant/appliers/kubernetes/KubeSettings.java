package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.BackendConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings of a {@code kubernetes} backend, validated. Values come from Spring binding of a free-form
 * map, so numbers and booleans may arrive as strings (from environment variables).
 *
 * @param namespace         target Kubernetes namespace, or null for the connection's own namespace
 * @param flavor            what a ModelDeployment becomes
 * @param connection        how to reach the API server
 * @param gpuProducts       spec GPU type to {@code nvidia.com/gpu.product} label value (default: the type)
 * @param maxConcurrency    API calls in flight at once for this backend
 * @param qps               client-side requests a second, token bucket as client-go's; 0 is no client-side limit
 * @param burst             requests at once after a quiet spell (default twice qps)
 * @param requestTimeout    a whole API request, connection included
 * @param forceConflicts    take the fields of Sextant's manifest that another field manager owns (default), instead
 *                          of failing with 409; fields Sextant does not declare are never taken
 * @param gateway           parent Gateway of HTTPRoutes ({@code name} or {@code namespace/name}), or null
 * @param concurrencyMetric per-pod metric an HPA scales on when {@code autoscaling.targetConcurrency} is set
 * @param watch             observe through list + watch per object type ({@link WatchCache}, the default), or with
 *                          a GET per object (for an account that may not list and watch the namespace)
 * @param httpWatches       watch over plain HTTP streams only, as client-go does ({@code watch-transport: http}); by
 *                          default a watch tries a WebSocket first (the API server serves both) and falls back to an
 *                          HTTP stream a reconnect interval (1 s) later where a proxy refuses the upgrade
 * @param instance          this Sextant installation's name, recorded on every object it applies; two installations
 *                          sharing a namespace need different ones, or each reports the other's objects as orphans
 */
record KubeSettings(String namespace, Flavor flavor, Connection connection, Map<String, String> gpuProducts,
                    int maxConcurrency, double qps, int burst, Duration requestTimeout, boolean forceConflicts, String gateway,
                    String concurrencyMetric, boolean watch, boolean httpWatches, String instance) {

    /** What a ModelDeployment becomes on the cluster. */
    enum Flavor {
        DEPLOYMENT, KSERVE, LLM_INFERENCE_SERVICE;

        /** The setting's spelling: {@code llm-inference-service}. */
        String setting() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static String known() {
            return java.util.Arrays.stream(values()).map(Flavor::setting).collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /**
     * Where the API server is. All null: the client's auto-configuration (KUBECONFIG or ~/.kube/config,
     * else the in-cluster service account).
     *
     * @param kubeconfig a kubeconfig file (else the default one), whose {@code context} may be chosen
     * @param url        the API server URL, with a bearer token from {@code tokenEnv} or {@code tokenFile}
     * @param caFile     PEM file of the API server's CA, for {@code url}
     */
    record Connection(Path kubeconfig, String context, String url, String tokenEnv, Path tokenFile, Path caFile) {}

    static final Set<String> KEYS = Collections.unmodifiableSet(new TreeSet<>(Set.of("namespace", "flavor",
            "kubeconfig", "context", "url", "token-env", "token-file", "ca-file", "gpu-products", "max-concurrency", "qps", "burst",
            "request-timeout", "force-conflicts", "gateway", "concurrency-metric", "watch", "watch-transport", "instance")));

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";

    KubeSettings {
        gpuProducts = Collections.unmodifiableMap(new TreeMap<>(gpuProducts));
    }

    /** The product label value for a spec GPU type. */
    String productOf(String gpuType) {
        return gpuProducts.getOrDefault(gpuType, gpuType);
    }

    /** The spec GPU type for a product label value: the configured mapping reversed, else the value itself. */
    String typeOf(String product) {
        return gpuProducts.entrySet().stream().filter(e -> e.getValue().equals(product)).map(Map.Entry::getKey)
                .findFirst().orElse(product);
    }

    /** @throws IllegalArgumentException naming the backend and the setting that is wrong */
    static KubeSettings from(BackendConfig config) {
        SettingsReader in = new SettingsReader(config);
        Set<String> unknown = new TreeSet<>(config.settings().keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw in.error(unknown.iterator().next(), "is not a kubernetes backend setting (known: "
                    + String.join(", ", KEYS) + ")");
        }
        String namespace = in.text("namespace");
        if (namespace != null && !namespace.matches(DNS_LABEL)) {
            throw in.error("namespace", "must be a Kubernetes namespace name (DNS-1123 label), got '" + namespace + "'");
        }
        String flavor = in.text("flavor");
        Flavor kind = Flavor.DEPLOYMENT;
        if (flavor != null) {
            kind = java.util.Arrays.stream(Flavor.values()).filter(f -> f.setting().equals(flavor.toLowerCase(Locale.ROOT))).findFirst()
                    .orElseThrow(() -> in.error("flavor", "must be one of " + Flavor.known() + ", got '" + flavor + "'"));
        }
        // 16 in flight: a first sync of 10,000 objects at 10 ms a request takes 20 s of round trips, not 75 s
        // at 4, and the API server's priority and fairness still has the last word (429, honoured).
        int maxConcurrency = in.integer("max-concurrency", 16);
        if (maxConcurrency < 1) {
            throw in.error("max-concurrency", "must be at least 1, got " + maxConcurrency);
        }
        // No client-side limit by default: the API server's priority and fairness paces clients with 429s
        // (honoured), and a fixed client rate would put a floor of requests / qps under every sync.
        int qps = in.integer("qps", 0);
        if (qps < 0) {
            throw in.error("qps", "must be 0 (no client-side limit) or more, got " + qps);
        }
        int burst = in.integer("burst", Math.max(1, 2 * qps));
        if (burst < 1) {
            throw in.error("burst", "must be at least 1, got " + burst);
        }
        Duration timeout = in.duration("request-timeout", Duration.ofSeconds(30));
        if (timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw in.error("request-timeout", "must be a positive duration such as 30s, got '" + timeout + "'");
        }
        String gateway = in.text("gateway");
        if (gateway != null && !gateway.matches(DNS_LABEL + "(/" + DNS_LABEL + ")?")) {
            throw in.error("gateway", "must be a Gateway as name or namespace/name, got '" + gateway + "'");
        }
        String metric = in.text("concurrency-metric");
        String instance = in.text("instance");
        if (instance != null && !instance.matches(DNS_LABEL)) {
            throw in.error("instance", "must be a DNS-1123 label naming this Sextant installation, got '" + instance + "'");
        }
        String transport = in.text("watch-transport");
        if (transport != null && !transport.equals("websocket") && !transport.equals("http")) {
            throw in.error("watch-transport", "must be websocket (the default: a WebSocket, an HTTP stream where it is "
                    + "refused) or http (HTTP streams only), got '" + transport + "'");
        }
        return new KubeSettings(namespace, kind, connection(in), in.strings("gpu-products"), maxConcurrency, qps, burst, timeout,
                in.bool("force-conflicts", true), gateway, metric == null ? "vllm:num_requests_running" : metric,
                in.bool("watch", true), "http".equals(transport), instance == null ? Ownership.DEFAULT_INSTANCE : instance);
    }

    private static Connection connection(SettingsReader in) {
        Path kubeconfig = in.path("kubeconfig");
        String url = in.text("url");
        String tokenEnv = in.text("token-env");
        Path tokenFile = in.path("token-file");
        Path caFile = in.path("ca-file");
        if (kubeconfig != null && url != null) {
            throw in.error("url", "and 'kubeconfig' are exclusive: pick one way to reach the API server");
        }
        if (url != null && !url.matches("https?://.+")) {
            throw in.error("url", "must be an http(s) URL of the API server, got '" + url + "'");
        }
        if ((tokenEnv != null || tokenFile != null || caFile != null) && url == null) {
            throw in.error(tokenEnv != null ? "token-env" : tokenFile != null ? "token-file" : "ca-file",
                    "needs 'url' (a kubeconfig or the in-cluster service account carries its own credentials)");
        }
        if (tokenEnv != null && tokenFile != null) {
            throw in.error("token-env", "and 'token-file' are exclusive");
        }
        if (tokenEnv != null && (System.getenv(tokenEnv) == null || System.getenv(tokenEnv).isBlank())) {
            // Name the variable, never its value.
            throw in.error("token-env", "names environment variable '" + tokenEnv + "', which is not set");
        }
        for (Map.Entry<String, Path> file : new TreeMap<>(Map.of("kubeconfig", opt(kubeconfig),
                "token-file", opt(tokenFile), "ca-file", opt(caFile))).entrySet()) {
            if (!file.getValue().toString().isEmpty() && !Files.isReadable(file.getValue())) {
                throw in.error(file.getKey(), "names file '" + file.getValue() + "', which cannot be read");
            }
        }
        String context = in.text("context");
        if (context != null && url != null) {
            throw in.error("context", "selects a kubeconfig context and does not go with 'url'");
        }
        return new Connection(kubeconfig, context, url, tokenEnv, tokenFile, caFile);
    }

    private static Path opt(Path path) {
        return path == null ? Path.of("") : path;
    }
}
