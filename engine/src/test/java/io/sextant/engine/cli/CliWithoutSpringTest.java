package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar sextant.jar validate|plan} run without Spring: started through the engine's own main class
 * in a JVM of their own that logs every class it loads, they load no Spring application context (no
 * {@code org.springframework.context} class, no {@code SpringApplication}) and no web server.
 */
class CliWithoutSpringTest {

    @TempDir
    Path tmp;

    @Test
    void validateStartsNoSpringContext() throws Exception {
        Path config = Files.writeString(tmp.resolve("application.yaml"), "sextant:\n  data-dir: " + tmp.resolve("data") + "\n");

        Launch launch = launch("validate", "--config", config.toString(), ValidateCommandTest.SAMPLE.resolve("teams").toString());

        assertThat(launch.exitCode()).as(launch.output()).isZero();
        assertThat(launch.output()).contains("resources: valid");
        assertNoSpringContext(launch);
    }

    @Test
    void planStartsNoSpringContext() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Launch launch = launch("plan", "--server", "http://127.0.0.1:" + closedPort);

        assertThat(launch.exitCode()).as(launch.output()).isEqualTo(1); // no engine there: an error, not a plan
        assertNoSpringContext(launch);
    }

    @Test
    void operatorCommandsStartNoSpringContext() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Launch get = launch("get", "resources", "-o", "yaml", "--server", "http://127.0.0.1:" + closedPort);
        Launch wait = launch("wait", "--all", "--timeout", "1s", "--server", "http://127.0.0.1:" + closedPort);

        assertThat(get.exitCode()).as(get.output()).isEqualTo(ExitCode.ERROR);
        assertThat(get.output()).startsWith("error: cannot reach the engine at http://127.0.0.1:" + closedPort);
        assertNoSpringContext(get);
        assertThat(get.loaded()).contains(GetCommand.class.getName(), ServerClient.class.getName());
        assertThat(wait.exitCode()).as(wait.output()).isEqualTo(ExitCode.ERROR);
        assertNoSpringContext(wait);
    }

    @Test
    void helpAndVersionPrintAndExitWithoutStartingTheEngineOrWritingItsDataDirectory() throws Exception {
        for (String help : List.of("--help", "help", "-h")) {
            Launch launch = launch(help);

            assertThat(launch.exitCode()).as(launch.output()).isZero();
            assertThat(launch.output()).as(help).startsWith(SextantCli.USAGE);
            assertNoSpringContext(launch);
        }
        Launch version = launch("version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("sextant ");
        assertNoSpringContext(version);
        Launch optionHelp = launch("--server.port=0", "--help");
        assertThat(optionHelp.output()).startsWith(SextantCli.USAGE);
        assertNoSpringContext(optionHelp);
        assertThat(Files.exists(tmp.resolve(".sextant"))).as(".sextant/ in the working directory").isFalse();
    }

    private static void assertNoSpringContext(Launch launch) {
        // The log is real: the command's own classes are in it.
        assertThat(launch.loaded()).contains(SextantCli.class.getName());
        assertThat(launch.loaded())
                // validate --config binds sextant.policy with Spring Boot's Binder, as the engine does, and its
                // conversion service comes from spring-context's support classes: those may load, a context may not.
                .noneMatch(name -> name.startsWith("org.springframework.") && name.contains("ApplicationContext"))
                .noneMatch(name -> name.startsWith("org.springframework.context.annotation."))
                .noneMatch(name -> name.startsWith("org.springframework.context.event."))
                .noneMatch(name -> name.startsWith("org.springframework.beans.factory.support.DefaultListableBeanFactory"))
                .noneMatch(name -> name.startsWith("org.springframework.boot.SpringApplication"))
                .noneMatch(name -> name.startsWith("org.springframework.web."))
                .noneMatch(name -> name.startsWith("org.apache.catalina."));
    }

    /** The engine's main class with {@code args}, as {@code java -jar sextant.jar args} runs it, in a new JVM. */
    private Launch launch(String... args) throws IOException, InterruptedException {
        Path classLog = Files.createTempFile(tmp, "classes-" + args[0], ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                SextantApplication.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        // Lines read "[0.012s][info][class,load] java.lang.Object source: shared objects file".
        List<String> loaded = Files.readAllLines(classLog).stream()
                .map(line -> line.replaceFirst("^(\\[[^]]*])*\\s*", ""))
                .map(line -> line.split(" ", 2)[0])
                .toList();
        return new Launch(process.exitValue(), output, loaded);
    }

    private record Launch(int exitCode, String output, List<String> loaded) {}
}
