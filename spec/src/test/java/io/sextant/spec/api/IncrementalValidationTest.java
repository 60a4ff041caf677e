package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A validation session, moved from commit to commit by the files that changed, reports exactly what a
 * validation from scratch of the new commit reports, while re-checking only what a change can reach.
 */
class IncrementalValidationTest {

    private static final ValidationContext CONTEXT = new ValidationContext(Set.of("a", "b"), Map.of(
            "search", new ValidationContext.NamespacePolicy(Set.of("a", "b"), Map.of("H100-80GB", 6)),
            "ranking", new ValidationContext.NamespacePolicy(Set.of("a"), Map.of())));

    /** Like the engine's backend check: whether a document can run depends on the deployment it lives on. */
    private static final DocumentCheck NO_ADAPTERS_ON_B = (document, resources) -> {
        if (document.resource() instanceof LoraAdapter adapter) {
            SpecDocument base = resources.apply(new ResourceKey(ModelDeployment.KIND, adapter.key().namespace(),
                    adapter.spec().deployment()));
            if (base != null && "b".equals(((ModelDeployment) base.resource()).spec().backend())) {
                return List.of(document.error("spec.deployment", "backend 'b' cannot load adapters"));
            }
        }
        return List.of();
    };

    private static final SpecValidator VALIDATOR = new SpecValidator(CONTEXT, List.of(NO_ADAPTERS_ON_B));

    private static final String[] NAMES = {"m0", "m1", "m2", "m3", "m4", "m5"};
    private static final String[] NAMESPACES = {"search", "ranking"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void followsRandomCommitsExactlyAsAFullValidationWould(long seed) {
        Random random = new Random(seed);
        Map<String, List<SpecDocument>> files = new TreeMap<>();
        for (int i = 0; i < 12; i++) {
            files.put("f" + i + ".yaml", randomFile("f" + i + ".yaml", random));
        }
        SpecValidator.Session session = VALIDATOR.start(all(files));
        int errorsSeen = 0;
        for (int commit = 0; commit < 150; commit++) {
            List<SpecDocument> removed = new ArrayList<>();
            List<SpecDocument> added = new ArrayList<>();
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                String file = "f" + random.nextInt(14) + ".yaml";
                List<SpecDocument> before = files.remove(file);
                if (before != null) {
                    before.forEach(document -> {
                        if (!added.remove(document)) { // changed twice in one commit: only the last version counts
                            removed.add(document);
                        }
                    });
                }
                if (random.nextInt(5) > 0) {
                    List<SpecDocument> after = randomFile(file, random);
                    files.put(file, after);
                    added.addAll(after);
                }
            }
            List<SpecError> incremental = session.update(removed, added);
            List<SpecError> scratch = VALIDATOR.validate(all(files));
            assertThat(messages(incremental)).as("seed %d, commit %d", seed, commit)
                    .containsExactlyElementsOf(messages(scratch));
            errorsSeen += scratch.size();
        }
        assertThat(errorsSeen).as("the random commits exercise the rules").isGreaterThan(150);
    }

    @Test
    void aCycleBrokenAtOneEndClearsTheErrorsOfEveryMember() {
        Map<String, List<SpecDocument>> files = new TreeMap<>();
        files.put("a.yaml", docs("a.yaml", deployment("m0", "search", "a", 1, "[ModelDeployment/search/m1]")));
        files.put("b.yaml", docs("b.yaml", deployment("m1", "search", "a", 1, "[ModelDeployment/search/m2]")));
        files.put("c.yaml", docs("c.yaml", deployment("m2", "search", "a", 1, "[ModelDeployment/search/m0]")));
        SpecValidator.Session session = VALIDATOR.start(all(files));
        assertThat(messages(session.errors())).hasSize(3).allMatch(message -> message.contains("dependency cycle"));

        List<SpecDocument> fixed = docs("c.yaml", deployment("m2", "search", "a", 1, "[]"));
        assertThat(session.update(files.get("c.yaml"), fixed)).isEmpty();
    }

    @Test
    void aChangeInOneFileCanPutEveryDeploymentOfItsNamespaceOverQuota() {
        Map<String, List<SpecDocument>> files = new TreeMap<>();
        for (int i = 0; i < 3; i++) {
            files.put("m" + i + ".yaml", docs("m" + i + ".yaml", deployment("m" + i, "search", "a", 2, "[]")));
        }
        SpecValidator.Session session = VALIDATOR.start(all(files));
        assertThat(session.errors()).isEmpty();

        List<SpecDocument> bigger = docs("m0.yaml", deployment("m0", "search", "a", 3, "[]"));
        assertThat(messages(session.update(files.get("m0.yaml"), bigger)))
                .hasSize(3).allMatch(message -> message.contains("over its quota of 6"));
    }

    @Test
    void aOneFileCommitReChecksOnlyThatFileAndWhatRefersToIt() {
        AtomicInteger checked = new AtomicInteger();
        SpecValidator counting = new SpecValidator(CONTEXT, List.of((document, resources) -> {
            checked.incrementAndGet();
            return List.of();
        }));
        Map<String, List<SpecDocument>> files = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            files.put("d" + i + ".yaml", docs("d" + i + ".yaml", deployment("d" + i, "ranking", "a", 1, "[]")));
        }
        files.put("lora.yaml", docs("lora.yaml", adapter("sql", "ranking", "d7", "[]")));
        SpecValidator.Session session = counting.start(all(files));
        assertThat(checked.get()).isEqualTo(501);

        checked.set(0);
        session.update(files.get("d7.yaml"), docs("d7.yaml", deployment("d7", "ranking", "a", 2, "[]")));
        assertThat(checked.get()).as("d7 and the adapter on it").isEqualTo(2);
    }

    private static List<SpecDocument> all(Map<String, List<SpecDocument>> files) {
        List<SpecDocument> all = new ArrayList<>();
        files.values().forEach(all::addAll);
        return all;
    }

    private static List<SpecDocument> docs(String file, String yaml) {
        LoadResult result = Specs.load(file, yaml);
        assertThat(result.errors()).as("load errors of " + file).isEmpty();
        return result.documents();
    }

    /** Zero to two documents of any kind, with names drawn from a small pool so references, duplicates and cycles happen. */
    private static List<SpecDocument> randomFile(String file, Random random) {
        List<String> documents = new ArrayList<>();
        for (int count = random.nextInt(3); count > 0; count--) {
            String namespace = NAMESPACES[random.nextInt(4) == 0 ? 1 : 0];
            String name = NAMES[random.nextInt(NAMES.length)];
            String other = NAMES[random.nextInt(NAMES.length)];
            String dependsOn = random.nextInt(3) == 0 ? "[ModelDeployment/" + namespace + "/" + other + "]" : "[]";
            switch (random.nextInt(4)) {
                case 0, 1 -> documents.add(deployment(name, namespace, random.nextInt(3) == 0 ? "b" : "a",
                        1 + random.nextInt(3), dependsOn));
                case 2 -> documents.add(adapter("l" + random.nextInt(3), namespace, name, dependsOn.replace(other, other)));
                default -> documents.add(route(namespace, name, other, random.nextInt(2) == 0 ? 50 : 40));
            }
        }
        return documents.isEmpty() ? List.of() : docs(file, String.join("---\n", documents));
    }

    private static String deployment(String name, String namespace, String backend, int replicas, String dependsOn) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: %s}
                spec:
                  backend: %s
                  model: {uri: hf://acme/%s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: %d
                  dependsOn: %s
                """.formatted(name, namespace, backend, name, replicas, dependsOn);
    }

    private static String adapter(String name, String namespace, String deployment, String dependsOn) {
        return """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: %s, namespace: %s}
                spec:
                  deployment: %s
                  uri: hf://acme/%s
                  dependsOn: %s
                """.formatted(name, namespace, deployment, name, dependsOn);
    }

    private static String route(String namespace, String first, String second, int weight) {
        return """
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: %s}
                spec:
                  modelName: chat
                  targets:
                    - {deployment: %s, weight: %d}
                    - {deployment: %s, weight: 50}
                """.formatted(namespace, first, weight, second);
    }
}
