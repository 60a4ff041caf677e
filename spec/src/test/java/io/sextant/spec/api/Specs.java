package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import io.sextant.spec.kinds.ModelDeployment;

import io.sextant.plugin.SpecError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: load YAML text the way the engine loads a file from Git. */
final class Specs {

    /** One loader for all tests: it is documented as thread-safe and reusable. */
    static final SpecLoader LOADER = new SpecLoader();

    private Specs() {}

    static LoadResult load(String file, String yaml) {
        return LOADER.load(file, yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** The documents of files that must load cleanly; arguments alternate file name and YAML. */
    static List<SpecDocument> documents(String... fileAndYaml) {
        List<SpecDocument> documents = new ArrayList<>();
        for (int i = 0; i < fileAndYaml.length; i += 2) {
            LoadResult result = load(fileAndYaml[i], fileAndYaml[i + 1]);
            assertThat(result.errors()).as("load errors of " + fileAndYaml[i]).isEmpty();
            documents.addAll(result.documents());
        }
        return documents;
    }

    /** What a user sees: {@code file:line: field: message} per error. */
    static List<String> messages(List<SpecError> errors) {
        return errors.stream().map(SpecError::toString).toList();
    }

    /**
     * A ModelDeployment whose lines are fixed: name on 4, namespace 5, backend 7, runtime args 11,
     * gpu type 14, gpu count 15, replicas 16, then {@code extra} from line 17 (indented as spec fields).
     */
    static String deployment(String name, String namespace, String backend, int tensorParallel, int gpus,
                             int replicas, String extra) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  backend: %s
                  model: {uri: hf://acme/%s}
                  runtime:
                    engine: vllm
                    args: {tensor-parallel-size: %d}
                  resources:
                    gpu:
                      type: H100-80GB
                      count: %d
                  replicas: %d
                """.formatted(name, namespace, backend, name, tensorParallel, gpus, replicas) + extra;
    }

    static String deployment(String name, String backend) {
        return deployment(name, "search", backend, 1, 1, 1, "");
    }
}
