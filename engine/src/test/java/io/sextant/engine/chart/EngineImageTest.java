package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.engine.EngineClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The engine image's Dockerfile, checked without Docker (none runs here): its run stage agrees with
 * what the Helm chart expects of the image, and the engine started the way the image starts it
 * uses the image's data directory and passes the image's own HEALTHCHECK.
 */
class EngineImageTest {

    static Dockerfile.Stage run;
    static Rendered chart;

    @BeforeAll
    static void read() throws IOException {
        run = Dockerfile.read(Dockerfile.FILE).last();
        chart = SextantChart.render(Map.of());
    }

    @Test
    void runsOnTheOfficialEclipseTemurin17JreWithTheJarTheBuildStagePackages() throws IOException {
        assertThat(run.base()).matches("(docker\\.io/(library/)?)?eclipse-temurin:17[.\\d_]*-jre(-[\\w.]+)?(@sha256:\\p{XDigit}{64})?");
        // The HEALTHCHECK runs bash, which the Ubuntu-based Temurin images have and the Alpine ones lack.
        assertThat(run.base()).doesNotContain("alpine");

        String jar = Dockerfile.command(run.one("ENTRYPOINT")).get(2);
        assertThat(Dockerfile.command(run.one("ENTRYPOINT"))).containsExactly("java", "-jar", jar);
        String copy = run.one("COPY");
        assertThat(copy).matches("--from=build (\\S+) " + Pattern.quote(jar));
        String built = copy.split(" ")[1];
        String finalName = match("<finalName>(.+)</finalName>", Files.readString(Path.of("pom.xml")));
        assertThat(ImageOnHost.commands(String.join(" && ", Dockerfile.read(Dockerfile.FILE).stage("build").all("RUN"))))
                .contains("cp engine/target/" + finalName + ".jar " + built);
    }

    @Test
    void runsAsTheNumericNonRootUserAndGroupTheChartRunsItAs() {
        String[] user = run.one("USER").split(":");
        // Kubernetes' runAsNonRoot can only verify a numeric USER.
        assertThat(user).hasSize(2).allMatch(id -> id.matches("[1-9]\\d*"));
        PodSecurityContext pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser() + ":" + pod.getRunAsGroup()).isEqualTo(user[0] + ":" + user[1]);
        assertThat(pod.getFsGroup()).isEqualTo(Long.parseLong(user[1]));

        // The uid is a real user of the image, whose home is the data volume (HOME for Git's user config).
        List<String> commands = ImageOnHost.commands(run.one("RUN"));
        assertThat(commands).anyMatch(c -> c.startsWith("groupadd ") && c.contains("--gid " + user[1] + " "));
        String useradd = commands.stream().filter(c -> c.startsWith("useradd ")).findFirst().orElseThrow();
        assertThat(useradd).contains("--uid " + user[0] + " ");
        assertThat(match("--home-dir (\\S+)", useradd)).isEqualTo(volume());
    }

    @Test
    void exposesTheChartsContainerPortAndKeepsItsDataOnTheVolumeTheChartMounts() {
        Container engine = chart.engine();
        assertThat(Dockerfile.values(run.one("EXPOSE"))).containsExactly(engine.getPorts().get(0).getContainerPort() + "");

        VolumeMount data = engine.getVolumeMounts().stream().filter(m -> m.getName().equals("data")).findFirst().orElseThrow();
        assertThat(volume()).isEqualTo(data.getMountPath());
        assertThat(match("data-dir: (\\S+)", chart.applicationYaml())).isEqualTo(volume());
        // A fresh named volume takes the ownership of the image's directory under `docker run -v`.
        assertThat(ImageOnHost.commands(run.one("RUN"))).anyMatch(c -> c.matches("chown \\S+ " + Pattern.quote(volume())));
    }

    @Test
    void healthcheckAsksTheLivenessEndpointTheChartsProbesAskWithTheChartsJvmOptions() {
        String script = String.join(" ", Dockerfile.Healthcheck.parse(run.one("HEALTHCHECK")).command());
        assertThat(script).contains("GET " + chart.engine().getLivenessProbe().getHttpGet().getPath() + " ");
        assertThat(match("\\$\\{SERVER_PORT:-(\\d+)}", script)).isEqualTo(run.one("EXPOSE"));
        assertThat(run.env().get("JAVA_TOOL_OPTIONS")).isEqualTo(chart.env().get("JAVA_TOOL_OPTIONS").getValue());
    }

    @Test
    void healthcheckPassesOnlyWhileTheLivenessEndpointAnswers200(@TempDir Path root) throws Exception {
        ImageOnHost image = ImageOnHost.layOut(run, root);
        String liveness = chart.engine().getLivenessProbe().getHttpGet().getPath();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals(liveness) ? status.get() : 404, -1);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = image.env(Map.of("SERVER_PORT", server.getAddress().getPort() + ""));
            assertThat(image.healthcheck(env)).as("liveness UP (200)").isZero();
            // Spring Boot answers 503 when the liveness state is BROKEN.
            status.set(503);
            assertThat(image.healthcheck(env)).as("liveness BROKEN (503)").isNotZero();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void engineStartedAsTheImageStartsItKeepsItsDataInTheVolumeAndIsHealthyUntilStopped(@TempDir Path root)
            throws Exception {
        ImageOnHost image = ImageOnHost.layOut(run, root);
        Path workdir = image.path(run.one("WORKDIR"));
        Path data = image.path(volume());
        // Spring Boot reads ./config/application.yaml from the working directory.
        Map<String, Object> config = new Yaml().load(Files.readString(workdir.resolve("config/application.yaml")));
        assertThat(config).isEqualTo(Map.of("sextant", Map.of("data-dir", data.toString())));

        int port = freePort();
        // Docker sets HOME from the USER's passwd entry: the useradd --home-dir.
        Map<String, String> env = image.env(Map.of("SERVER_PORT", port + "", "HOME", data.toString()));
        Path log = root.resolve("engine.log");
        try (image) {
            image.start(env, log);
            EngineClient client = new EngineClient(port, null);
            EngineClient.await("the engine up on port " + port, Duration.ofSeconds(120), () -> {
                assertThat(image.running()).as("engine running; see %s", log).isTrue();
                try {
                    return client.get("/actuator/health/liveness").statusCode() == 200;
                } catch (AssertionError notListeningYet) {
                    return false;
                }
            });

            assertThat(image.healthcheck(env)).as("HEALTHCHECK exit code with the engine up").isZero();
            assertThat(Files.readString(log)).contains("Picked up JAVA_TOOL_OPTIONS: " + run.env().get("JAVA_TOOL_OPTIONS"));
            assertThat(data.resolve("admin-token")).isRegularFile();
            assertThat(data.resolve("sample-repo")).isDirectory();
            // The chart mounts the root file system read-only: nothing may be written beside the config.
            assertThat(files(workdir)).containsExactly("config", "config/application.yaml");

            image.stop();
            assertThat(image.running()).isFalse();
            assertThat(image.healthcheck(env)).as("HEALTHCHECK exit code with the engine stopped").isNotZero();
        }
    }

    private static String volume() {
        List<String> volumes = Dockerfile.values(run.one("VOLUME"));
        assertThat(volumes).hasSize(1);
        return volumes.get(0);
    }

    private static String match(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("%s in %s", regex, text).isTrue();
        return matcher.group(1);
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
