package io.sextant.engine.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The service account may do what in-cluster kubernetes backends need, in their namespaces only. */
class ChartRbacTest {

    static final List<String> WRITE = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    @Test
    void grantsTheBackendsNamespaceTheObjectsTheKubernetesBackendApplies() {
        Rendered chart = SextantChart.render(Map.of(), SextantChart.PRODUCTION_VALUES);
        Role role = chart.one(Role.class);

        assertThat(role.getMetadata().getNamespace()).isEqualTo("inference");
        assertThat(rules(role.getRules())).isEqualTo(Map.of(
                "apps/deployments", WRITE,
                "/services", WRITE,
                "autoscaling/horizontalpodautoscalers", WRITE,
                "serving.kserve.io/inferenceservices", WRITE,
                "gateway.networking.k8s.io/httproutes", WRITE,
                "discovery.k8s.io/endpointslices", List.of("get", "list", "watch"),
                "/pods", List.of("get", "list", "watch")));
        RoleBinding binding = chart.one(RoleBinding.class);
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("inference");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getNamespace()).isEqualTo(SextantChart.NAMESPACE);
            assertThat(subject.getName()).isEqualTo(chart.one(Deployment.class).getSpec().getTemplate().getSpec()
                    .getServiceAccountName());
        });
    }

    @Test
    void readsNodesAndPodsClusterWideForGpuCapacityAndNothingMore() {
        Rendered chart = SextantChart.render(Map.of(), SextantChart.PRODUCTION_VALUES);
        ClusterRole role = chart.one(ClusterRole.class);

        assertThat(rules(role.getRules())).isEqualTo(Map.of(
                "/nodes", List.of("get", "list", "watch"), "/pods", List.of("get", "list", "watch")));
        assertThat(chart.one(ClusterRoleBinding.class).getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(role.getMetadata().getName()).contains(SextantChart.NAMESPACE);
    }

    @Test
    void aBackendWithoutANamespaceIsGrantedTheReleaseNamespace() {
        Rendered chart = SextantChart.render(Map.of(
                "sextant.backends[0].name", "k8s", "sextant.backends[0].type", "kubernetes"));

        assertThat(chart.one(Role.class).getMetadata().getNamespace()).isEqualTo(SextantChart.NAMESPACE);
    }

    @Test
    void grantsNothingForBackendsThatAreNotInCluster() {
        Rendered chart = SextantChart.render(Map.of(
                "sextant.backends[0].name", "remote", "sextant.backends[0].type", "kubernetes",
                "sextant.backends[0].url", "https://gpu-cluster.example.com:6443",
                "sextant.backends[1].name", "vllm", "sextant.backends[1].type", "vllm",
                "sextant.backends[1].url", "http://vllm:8000"));

        assertThat(chart.kinds()).doesNotContainKeys("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    }

    @Test
    void createsNoRbacWhenTheOperatorManagesIt() {
        Rendered chart = SextantChart.render(Map.of("rbac.create", false), SextantChart.PRODUCTION_VALUES);

        assertThat(chart.kinds()).doesNotContainKeys("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
    }

    /** apiGroup/resource to verbs. */
    static Map<String, List<String>> rules(List<PolicyRule> rules) {
        return rules.stream().flatMap(rule -> rule.getApiGroups().stream().flatMap(group -> rule.getResources()
                        .stream().map(resource -> Map.entry(group + "/" + resource, rule.getVerbs()))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
