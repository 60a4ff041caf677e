package io.sextant.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The spec files the benchmarks work on: one realistic ModelDeployment, and a file of fifty. */
final class Fixtures {

    static final String DEPLOYMENT_PATH = "teams/search/llama-3-8b-chat.yaml";
    static final String FIFTY_PATH = "teams/search/fleet.yaml";
    static final int FIFTY = 50;

    private Fixtures() {
    }

    /** A ModelDeployment as a team writes it: comments, labels, engine arguments, env, a dependency. */
    static String deployment() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/bench/model-deployment.yaml")) {
            if (in == null) {
                throw new IllegalStateException("bench/model-deployment.yaml is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fifty variants of {@link #deployment()} in one file, {@code ---} separated, each with its own name. */
    static String fiftyDocuments() {
        String one = deployment();
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < FIFTY; i++) {
            file.append(i == 0 ? "" : "---\n")
                    .append(one.replace("name: llama-3-8b-chat", "name: llama-3-8b-chat-" + i)
                            .replace("replicas: 2", "replicas: " + (1 + i % 4)));
        }
        return file.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
