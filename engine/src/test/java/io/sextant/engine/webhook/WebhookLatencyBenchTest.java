package io.sextant.engine.webhook;

import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Measures, does not test: the time from a push webhook's HTTP POST returning to the pushed change
 * being applied (the resource's {@code appliedRevision} is the pushed commit, polled every 5 ms
 * over the API), on the {@code sim} backend with the repository served over smart HTTP on this
 * machine. Excluded from the default build; run with
 * {@code ./mvnw -pl engine test -Dgroups=bench -DexcludedGroups=none}. Prints the numbers and writes
 * them to {@code engine/target/benchmarks/webhook-latency.txt}; asserts only that every push applied.
 */
@Tag("bench")
class WebhookLatencyBenchTest {

    static final int WARM_UP = 5;
    static final int PUSHES = 30;
    static final String SECRET = "bench-hook-secret";

    @TempDir
    Path root;

    @Test
    void pushWebhookToAppliedChange() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        try (GitHttpServer server = GitHttpServer.start(repos, "sextant", "git-token")) {
            Path work = GitCli.initRepo(root.resolve("work"));
            FleetRepo.copySample(work);
            GitCli.commitAll(work, "Import the fleet");
            git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
            git(work, "push", "-q", "origin", "main");
            Files.writeString(root.resolve("git-token"), "git-token");
            Files.writeString(root.resolve("hook"), SECRET);
            try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                    // Arguments, not default properties: application.yaml's server.port would win over those.
                    .run("--server.port=0", "--sextant.data-dir=" + root.resolve("data"), "--sextant.api.admin-token=admin",
                            "--sextant.drift.interval=1h", "--sextant.webhooks.rate-limit.per-second=1000",
                            "--sextant.webhooks.rate-limit.burst=1000", "--logging.level.io.sextant=WARN",
                            "--sextant.sources[0].name=fleet", "--sextant.sources[0].url=" + server.url("fleet"),
                            "--sextant.sources[0].paths[0]=teams/", "--sextant.sources[0].poll-interval=1h",
                            "--sextant.sources[0].auth.username=sextant",
                            "--sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                            "--sextant.sources[0].webhook.secret-file=" + root.resolve("hook"),
                            "--sextant.backends[0].name=sim-local", "--sextant.backends[0].type=sim",
                            "--sextant.backends[0].gpus[H100-80GB]=8", "--sextant.backends[0].gpus[A100-40GB]=8",
                            "--sextant.backends[0].gpus[L4-24GB]=8")) {
                int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
                Probe probe = new Probe(port, work, server.url("fleet"));
                EngineClient.await("the start-up sync", Duration.ofSeconds(120), () -> probe.appliedRevision() != null);
                for (int i = 0; i < WARM_UP; i++) {
                    probe.pushAndMeasure("warm-up-" + i);
                }
                String before = probe.client.get("/actuator/prometheus").body();
                List<long[]> samples = new ArrayList<>();
                for (int i = 0; i < PUSHES; i++) {
                    samples.add(probe.pushAndMeasure("push-" + i));
                }
                String after = probe.client.get("/actuator/prometheus").body();
                report(samples, String.format(Locale.ROOT, "  inside the engine (mean per push): reconcile run %.1f ms, "
                                + "of which ls-remote %.1f ms and fetch %.1f ms%n",
                        meanMillis(before, after, "sextant_reconcile_seconds", "trigger=\"webhook\""),
                        meanMillis(before, after, "sextant_git_operation_seconds", "operation=\"ls_remote\""),
                        meanMillis(before, after, "sextant_git_operation_seconds", "operation=\"fetch\"")));
                for (String commit : probe.commits) {
                    JsonNode event = probe.client.getJson("/api/v1/audit?commit=" + commit).get("items").get(0);
                    assertThat(event.get("trigger").asString()).as("commit " + commit).isEqualTo("webhook");
                }
            }
        }
    }

    /** Pushes with the git CLI, then times the webhook and the wait for the change. */
    static final class Probe {
        final EngineClient client;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        final List<String> commits = new ArrayList<>();
        final URI hook;
        final Path work;
        final String url;

        Probe(int port, Path work, String url) {
            this.client = new EngineClient(port, "admin");
            this.hook = URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github");
            this.work = work;
            this.url = url;
        }

        String appliedRevision() {
            JsonNode item = client.resource("ModelDeployment", "ranking", "bge-reranker");
            return item == null || item.get("appliedRevision").isNull() ? null : item.get("appliedRevision").asString();
        }

        /** {POST round trip, POST returned to applied} in nanoseconds. */
        long[] pushAndMeasure(String delivery) throws Exception {
            String commit = FleetRepo.pushReplicaChange(work, "bench: " + delivery);
            commits.add(commit);
            byte[] body = Payloads.gitHubPush(url, "refs/heads/main", commit);
            HttpRequest request = HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
                    .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery)
                    .header("X-Hub-Signature-256", Payloads.gitHubSignature(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long returned = System.nanoTime();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            long deadline = returned + Duration.ofSeconds(60).toNanos();
            while (!commit.equals(appliedRevision())) {
                assertThat(System.nanoTime()).as("commit " + commit + " applied within 60 s").isLessThan(deadline);
                Thread.sleep(5);
            }
            long applied = System.nanoTime();
            return new long[] {returned - start, applied - returned};
        }
    }

    static void report(List<long[]> samples, String breakdown) throws Exception {
        String text = String.format(Locale.ROOT, "webhook push -> applied, sim backend, repository over smart HTTP, "
                        + "%d pushes (after %d warm-up), %d CPUs, load average %s%n"
                        + "  POST returned -> appliedRevision == commit: median %.1f ms, p90 %.1f ms, max %.1f ms%n"
                        + "  webhook POST round trip:                   median %.1f ms, p90 %.1f ms%n",
                samples.size(), WARM_UP, Runtime.getRuntime().availableProcessors(), loadAverage(),
                percentile(samples, 1, 50), percentile(samples, 1, 90), percentile(samples, 1, 100),
                percentile(samples, 0, 50), percentile(samples, 0, 90)) + breakdown;
        System.out.print(text);
        Path out = Path.of("target", "benchmarks", "webhook-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
    }

    /** The 1-minute load average where the OS reports one: the numbers mean little on a busy machine. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Mean of a timer between two Prometheus scrapes, over the series whose labels contain {@code label}. */
    static double meanMillis(String before, String after, String timer, String label) {
        double[] a = sumAndCount(after, timer, label);
        double[] b = sumAndCount(before, timer, label);
        double count = a[1] - b[1];
        return count == 0 ? Double.NaN : (a[0] - b[0]) / count * 1000;
    }

    private static double[] sumAndCount(String scrape, String timer, String label) {
        double[] totals = new double[2];
        for (String line : scrape.split("\n")) {
            int column = line.startsWith(timer + "_sum{") ? 0 : line.startsWith(timer + "_count{") ? 1 : -1;
            if (column >= 0 && line.contains(label)) {
                totals[column] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return totals;
    }

    /** Nearest-rank percentile of column {@code column}, in milliseconds. */
    static double percentile(List<long[]> samples, int column, int percent) {
        long[] values = samples.stream().mapToLong(s -> s[column]).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100.0 * values.length);
        return values[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
