package io.sextant.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.plugin.LabelSelector.Operator;
import io.sextant.plugin.LabelSelector.Requirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

class LabelSelectorTest {

    private static final Map<String, String> PROD = Map.of("app", "llama", "tier", "prod");
    private static final Map<String, String> UNTIERED = Map.of("app", "llama");

    private static LabelSelector expression(String key, Operator operator, String... values) {
        return new LabelSelector(Map.of(), List.of(new Requirement(key, operator, List.of(values))));
    }

    @Test
    void matchesAsKubernetesDoes() {
        assertThat(new LabelSelector(Map.of("app", "llama", "tier", "prod"), List.of()).matches(PROD)).isTrue();
        assertThat(new LabelSelector(Map.of("app", "llama", "tier", "prod"), List.of()).matches(UNTIERED)).isFalse();
        assertThat(expression("tier", Operator.In, "prod", "canary").matches(PROD)).isTrue();
        assertThat(expression("tier", Operator.In, "prod", "canary").matches(UNTIERED)).isFalse();
        // NotIn, as in Kubernetes, also matches a resource without the label.
        assertThat(expression("tier", Operator.NotIn, "prod").matches(PROD)).isFalse();
        assertThat(expression("tier", Operator.NotIn, "prod").matches(UNTIERED)).isTrue();
        assertThat(expression("tier", Operator.Exists).matches(PROD)).isTrue();
        assertThat(expression("tier", Operator.Exists).matches(UNTIERED)).isFalse();
        assertThat(expression("tier", Operator.DoesNotExist).matches(UNTIERED)).isTrue();
        assertThat(new LabelSelector(Map.of("app", "llama"), List.of(new Requirement("tier", Operator.DoesNotExist, null)))
                .matches(PROD)).isFalse();
    }

    @Test
    void refusesAnEmptySelectorAndRequirementsWithMisplacedValues() {
        assertThatThrownBy(() -> new LabelSelector(Map.of(), List.of()))
                .hasMessageContaining("an empty selector would select every resource of the namespace");
        assertThatThrownBy(() -> expression("tier", Operator.In)).hasMessage("operator In needs at least one value");
        assertThatThrownBy(() -> expression("tier", Operator.Exists, "prod")).hasMessage("operator Exists takes no values");
    }

    @Test
    void readsAndWritesTheKubernetesShape() {
        LabelSelector selector = LabelSelector.read(new ObjectMapper().readTree("""
                {"matchLabels": {"tier": "prod", "app": "llama"},
                 "matchExpressions": [{"key": "gpu", "operator": "NotIn", "values": ["a10"]}, {"key": "zone", "operator": "Exists"}]}
                """));

        assertThat(selector.toString()).isEqualTo("app=llama,tier=prod,gpu notin (a10),zone");
        assertThat(LabelSelector.read(selector.toJson())).isEqualTo(selector);
        assertThatThrownBy(() -> LabelSelector.read(new ObjectMapper().readTree(
                "{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Equals\"}]}")))
                .hasMessage("matchExpressions[0].operator: 'Equals' is not one of In, NotIn, Exists, DoesNotExist");
    }
}
