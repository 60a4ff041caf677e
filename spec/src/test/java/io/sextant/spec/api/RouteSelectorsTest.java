package io.sextant.spec.api;

import io.sextant.spec.SpecValidator;

import static io.sextant.spec.api.Specs.documents;
import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** InferenceRoute targets that select deployments by label, resolved against the commit (issue 11 item 6). */
class RouteSelectorsTest {

    private static final SpecValidator OFFLINE = new SpecValidator(ValidationContext.offline());
    private static final Selectors SELECTORS = new Selectors(Kinds.builtIn());

    private static String deployment(String name, String backend, String labels) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search, labels: {%s}}
                spec:
                  backend: %s
                  model: {uri: hf://acme/%s}
                  runtime: {engine: vllm}
                  replicas: 1
                """.formatted(name, labels, backend, name);
    }

    /** A route whose first target is on line 7, the next on 8. */
    private static String route(String... targets) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: search}
                spec:
                  modelName: chat
                  targets:
                """);
        for (String target : targets) {
            yaml.append("    - ").append(target).append('\n');
        }
        return yaml.toString();
    }

    private static List<SpecDocument> fleet(String routeYaml) {
        return SELECTORS.resolveAll(documents(
                "a.yaml", deployment("a", "sim-local", "app: llama, tier: prod"),
                "b.yaml", deployment("b", "sim-local", "app: llama, tier: canary"),
                "c.yaml", deployment("c", "sim-local", "app: llama"),
                "other.yaml", deployment("other", "sim-local", "app: mistral, tier: prod"),
                "elsewhere.yaml", deployment("k8s", "prod-k8s", "app: gemma"),
                "r.yaml", routeYaml));
    }

    private static SpecDocument routeOf(List<SpecDocument> documents) {
        return documents.stream().filter(d -> d.key().kind().name().equals("InferenceRoute")).findFirst().orElseThrow();
    }

    private static List<String> targets(SpecDocument route) {
        List<String> targets = new ArrayList<>();
        route.manifest().at("/spec/targets").forEach(t -> targets.add(t.path("deployment").asString() + " "
                + t.path("weight").asInt()));
        return targets;
    }

    @Test
    void spreadsASelectorsWeightOverTheDeploymentsItMatchesInNameOrder() {
        List<SpecDocument> all = fleet(route("{selector: {matchLabels: {app: llama}}, weight: 100}"));

        assertThat(messages(OFFLINE.validate(all))).isEmpty();
        SpecDocument route = routeOf(all);
        assertThat(targets(route)).containsExactly("a 34", "b 33", "c 33");
        JsonNode selector = route.manifest().at("/spec/selectors/0");
        assertThat(selector.path("target").asInt()).isZero();
        assertThat(selector.at("/selector/matchLabels/app").asString()).isEqualTo("llama");
        assertThat(selector.path("deployments").toString()).isEqualTo("[\"a\",\"b\",\"c\"]");
        assertThat(Kinds.builtIn().definition(route.key().kind()).summary(route.manifest()))
                .isEqualTo("chat -> a 34%, b 33%, c 33% (app=llama selects a, b, c)");
    }

    @Test
    void matchesExpressionsWithKubernetesOperators() {
        assertThat(targets(routeOf(fleet(route("{selector: {matchExpressions: ["
                + "{key: tier, operator: In, values: [prod, canary]}, {key: app, operator: NotIn, values: [mistral]}]}, weight: 100}")))))
                .containsExactly("a 50", "b 50");
        assertThat(targets(routeOf(fleet(route("{selector: {matchLabels: {app: llama}, "
                + "matchExpressions: [{key: tier, operator: DoesNotExist}]}, weight: 100}")))))
                .containsExactly("c 100");
        assertThat(targets(routeOf(fleet(route("{selector: {matchExpressions: [{key: tier, operator: Exists}]}, weight: 100}")))))
                .containsExactly("a 34", "b 33", "other 33");
    }

    @Test
    void mixesNamedAndSelectedTargetsAndKeepsNamedRoutesAsTheyWere() {
        SpecDocument mixed = routeOf(fleet(route("{deployment: c, weight: 50}",
                "{selector: {matchLabels: {tier: prod, app: llama}}, weight: 50}")));
        assertThat(targets(mixed)).containsExactly("c 50", "a 50");

        SpecDocument named = routeOf(fleet(route("{deployment: a, weight: 100}")));
        assertThat(named.manifest().at("/spec").toString())
                .isEqualTo("{\"modelName\":\"chat\",\"targets\":[{\"deployment\":\"a\",\"weight\":100}]}");
    }

    @Test
    void selectedDeploymentsAreReferencesThatDecideTheBackendAndTheApplyOrder() {
        SpecDocument route = routeOf(fleet(route("{selector: {matchLabels: {tier: canary}}, weight: 100}")));

        assertThat(Kinds.builtIn().dependsOn(route.resource()))
                .containsExactly(new ResourceKey(Kind.of("ModelDeployment"), "search", "b"));
        assertThat(Kinds.builtIn().backendOf(route.resource(), key -> null)).isNull();
        List<SpecDocument> all = fleet(route("{selector: {matchLabels: {tier: canary}}, weight: 100}"));
        assertThat(Kinds.builtIn().backendOf(routeOf(all).resource(),
                key -> all.stream().filter(d -> d.key().equals(key)).findFirst().map(SpecDocument::resource).orElse(null)))
                .isEqualTo("sim-local");
    }

    @Test
    void aSelectorThatMatchesNothingIsAnErrorAtItsField() {
        assertThat(messages(OFFLINE.validate(fleet(route("{selector: {matchLabels: {app: gone}}, weight: 100}")))))
                .containsExactly("r.yaml:7: spec.targets[0].selector: selector app=gone matches no ModelDeployment "
                        + "in namespace 'search'");
    }

    @Test
    void aSelectorThatMatchesNothingWaitsForAFileThatFailsToLoad() {
        List<SpecError> semantic = OFFLINE.validate(fleet(route("{selector: {matchLabels: {app: gone}}, weight: 100}")));
        SpecError broken = new SpecError("gone.yaml", 3, "", "invalid YAML", null);

        LoadFailures.Report report = LoadFailures.report(List.of(broken), semantic);

        assertThat(report.errors()).containsExactly(broken);
        assertThat(messages(report.unchecked())).containsExactly("r.yaml:7: spec.targets[0].selector: selector app=gone "
                + "matches no ModelDeployment in namespace 'search'");
    }

    @Test
    void aDeploymentNamedAndSelectedOrOnAnotherBackendIsAnError() {
        assertThat(messages(OFFLINE.validate(fleet(route("{deployment: a, weight: 50}",
                "{selector: {matchLabels: {tier: prod}}, weight: 50}")))))
                .containsExactly("r.yaml:8: spec.targets[1].selector: 'a' is already spec.targets[0]");
        assertThat(messages(OFFLINE.validate(fleet(route("{deployment: a, weight: 50}",
                "{selector: {matchLabels: {app: gemma}}, weight: 50}")))))
                .containsExactly("r.yaml:8: spec.targets[1].selector: 'k8s' is on backend 'prod-k8s' but spec.targets[0] "
                        + "is on 'sim-local': all targets of a route must share one backend");
    }

    @Test
    void refusesEmptySelectorsAndMalformedRequirementsAtLoad() {
        assertThat(messages(load("r.yaml", route("{selector: {}, weight: 100}")).errors()))
                .containsExactly("r.yaml:7: spec.targets[0].selector: must not be empty");
        assertThat(messages(load("r.yaml", route("{selector: {matchExpressions: [{key: tier, operator: In}]}, weight: 100}")).errors()))
                .containsExactly("r.yaml:7: spec.targets[0].selector: matchExpressions[0]: operator In needs at least one value");
        assertThat(messages(load("r.yaml", route("{deployment: a, selector: {matchLabels: {app: llama}}, weight: 100}")).errors()))
                .containsExactly("r.yaml:7: spec.targets[0]: must have either deployment or selector, not both");
    }

    @Test
    void reResolvesARouteWhenADeploymentOfItsNamespaceChangesItsLabels() {
        List<SpecDocument> before = fleet(route("{selector: {matchLabels: {tier: prod}}, weight: 100}"));
        List<SpecDocument> after = new ArrayList<>(before);
        after.replaceAll(d -> d.key().name().equals("c") ? documents("c.yaml", deployment("c", "sim-local",
                "app: llama, tier: prod")).get(0) : d);

        assertThat(SELECTORS.resolve(after, "other-team"::equals)).isEmpty();
        var changed = SELECTORS.resolve(after, "search"::equals);
        assertThat(changed).hasSize(1);
        assertThat(targets(changed.values().iterator().next())).containsExactly("a 34", "c 33", "other 33");
    }
}
