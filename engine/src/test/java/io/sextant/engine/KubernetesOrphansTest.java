package io.sextant.engine;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sextant.engine.dashboard.Browser;
import io.sextant.engine.orphans.OrphanScan;
import io.sextant.engine.reconcile.Reconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Orphans on a Kubernetes backend (the SSA-faithful test API server): objects this Sextant made whose resource
 * is not in Git are listed with since-when and counted; the source {@code fleet} prunes, so its orphan is
 * deleted with one audited {@code delete}; the source {@code legacy} does not, so a resource removed from Git
 * stays live and listed. Objects of another installation, or labelled by hand under a name Sextant never gives,
 * are neither listed nor touched. The scan is driven by hand ({@code sextant.orphans.interval} is long).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesOrphansTest {

    static final String ADMIN_TOKEN = KubeEngineFixture.ADMIN_TOKEN;

    static final KubeEngineFixture FLEET = KubeEngineFixture.start("sextant-orphans", Map.of(
            "teams/search/llama.yaml", KubeFleet.deployment("llama", "H100-80GB", 1, 1, "v0.11.0"),
            "legacy/old.yaml", KubeFleet.deployment("old", "H100-80GB", 1, 1, "v0.11.0")),
            "llama in fleet, old in legacy");
    static final Path WORK = FLEET.work();
    static final KubeApiServer KUBE = FLEET.kube();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        Map<String, String> settings = FLEET.engineSettings();
        settings.put("sextant.orphans.interval", "1h");
        settings.put("sextant.sources[0].sync.prune", "true");
        Map<String, String> legacy = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("sextant.sources[0].")) {
                legacy.put(key.replace("sources[0]", "sources[1]"), value);
            }
        });
        legacy.put("sextant.sources[1].name", "legacy");
        legacy.put("sextant.sources[1].paths[0]", "legacy/");
        legacy.put("sextant.sources[1].sync.prune", "false");
        settings.putAll(legacy);
        KubeEngineFixture.register(registry, settings);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    OrphanScan scan;

    @AfterAll
    static void stopServers() {
        FLEET.close();
    }

    EngineClient client() {
        return new EngineClient(port, ADMIN_TOKEN);
    }

    List<String> orphanNames() {
        List<String> names = new ArrayList<>();
        client().getJson("/api/v1/orphans").get("items").forEach(item -> names.add(item.get("name").asString()));
        return names;
    }

    JsonNode orphan(String name) {
        for (JsonNode item : client().getJson("/api/v1/orphans").get("items")) {
            if (item.get("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no orphan " + name + " in " + client().getJson("/api/v1/orphans"));
    }

    /** A Deployment labelled as Sextant labels the objects of ModelDeployment search/{resource}. */
    static void labelledDeployment(String objectName, String resource, Map<String, String> annotations) {
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "sextant", "sextant.io/kind", "ModelDeployment",
                "sextant.io/namespace", "search", "sextant.io/name", resource);
        KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(objectName).withNamespace(KubeApiServer.NAMESPACE).withLabels(labels)
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("vllm").withImage("vllm/vllm-openai:v0.11.0").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    int deletesOf(String name) {
        int deletes = 0;
        for (JsonNode event : client().getJson("/api/v1/audit?name=" + name).get("items")) {
            deletes += event.get("action").asString().equals("delete") ? 1 : 0;
        }
        return deletes;
    }

    @Test
    @Order(1)
    void whatGitHoldsIsNoOrphanAndCarriesItsInstallationAndSource() {
        EngineClient.await("both resources Synced", Duration.ofSeconds(90), () -> {
            int synced = 0;
            for (JsonNode item : client().getJson("/api/v1/resources").get("items")) {
                synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
            }
            return synced == 2;
        });
        scan.scanNow();

        assertThat(orphanNames()).isEmpty();
        assertThat(KUBE.deployment("search--llama").getMetadata().getAnnotations())
                .containsEntry("sextant.io/engine", "sextant").containsEntry("sextant.io/source", "fleet");
        assertThat(KUBE.service("search--old").getMetadata().getAnnotations()).containsEntry("sextant.io/source", "legacy");
        assertThat(KUBE.deployment("search--llama").getSpec().getTemplate().getMetadata().getAnnotations())
                .as("nothing on the pod template, so no model restarts for it").doesNotContainKey("sextant.io/source");
    }

    @Test
    @Order(2)
    void anOrphanOfAPruningSourceIsListedThenDeletedOnceWithOneAuditedDelete() {
        labelledDeployment("search--stray", "stray", Map.of("sextant.io/source", "fleet"));
        labelledDeployment("search--lost", "lost", Map.of());
        scan.scanNow();

        assertThat(orphanNames()).containsExactly("search--lost", "search--stray");
        JsonNode stray = orphan("search--stray");
        assertThat(stray.get("backend").asString()).isEqualTo("prod-k8s");
        assertThat(stray.get("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(stray.get("kind").asString()).isEqualTo("Deployment");
        assertThat(stray.get("namespace").asString()).isEqualTo(KubeApiServer.NAMESPACE);
        assertThat(stray.get("resource").get("name").asString()).isEqualTo("stray");
        assertThat(stray.get("source").asString()).isEqualTo("fleet");
        assertThat(stray.get("since").asString()).isNotBlank();
        assertThat(KUBE.deployment("search--stray")).as("first sighting: not deleted yet").isNotNull();
        assertThat(client().get("/actuator/prometheus").body()).contains("sextant_orphans{backend=\"prod-k8s\"} 2.0");

        String lostSince = orphan("search--lost").get("since").asString();
        scan.scanNow();
        scan.scanNow();

        assertThat(KUBE.deployment("search--stray")).as("pruned by its source").isNull();
        assertThat(deletesOf("stray")).as("one delete, whatever the number of scans").isEqualTo(1);
        JsonNode event = client().getJson("/api/v1/audit?name=stray").get("items").get(0);
        assertThat(event.get("trigger").asString()).isEqualTo("drift");
        assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(event.get("source").asString()).isEqualTo("fleet");
        assertThat(orphanNames()).as("no source recorded: listed, never deleted").containsExactly("search--lost");
        assertThat(orphan("search--lost").get("since").asString()).isEqualTo(lostSince);
        assertThat(orphan("search--lost").get("source").isNull()).isTrue();
        assertThat(KUBE.deployment("search--lost")).isNotNull();
        assertThat(client().get("/actuator/prometheus").body()).contains("sextant_orphans{backend=\"prod-k8s\"} 1.0");
    }

    @Test
    @Order(3)
    void objectsOfAnotherInstallationOrUnderAnotherNameOrACanaryAreNeitherListedNorTouched() {
        labelledDeployment("search--ghost", "ghost", Map.of("sextant.io/engine", "other-sextant", "sextant.io/source", "fleet"));
        // Labelled for a resource by hand, under a name Sextant never gives it: deleting that resource would not
        // remove it, and it is not Sextant's to delete.
        labelledDeployment("evil", "evil", Map.of("sextant.io/source", "fleet"));
        // A rollout's canary runs beside llama (in Git) with no status of its own: its rollout removes it.
        labelledDeployment("search--llama--canary", "llama--canary", Map.of("sextant.io/source", "fleet"));
        scan.scanNow();
        scan.scanNow();

        assertThat(orphanNames()).containsExactly("search--lost");
        assertThat(KUBE.deployment("search--ghost")).isNotNull();
        assertThat(KUBE.deployment("evil")).isNotNull();
        assertThat(KUBE.deployment("search--llama--canary")).isNotNull();
        assertThat(deletesOf("ghost") + deletesOf("evil") + deletesOf("llama--canary")).isZero();
    }

    @Test
    @Order(4)
    void aResourceRemovedFromGitWhilePruningIsOffStaysLiveAndIsListedAsOrphan() throws Exception {
        git(WORK, "rm", "-q", "legacy/old.yaml");
        commitAll(WORK, "legacy: drop old");
        git(WORK, "push", "-q", "origin", "main");
        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).isTrue();
        EngineClient.await("old kept with pruning off", Duration.ofSeconds(30), () ->
                client().resource("ModelDeployment", "search", "old").get("message").asString().startsWith("removed from Git"));
        scan.scanNow();
        scan.scanNow();

        assertThat(orphanNames()).as("its Deployment and its Service").containsExactly("search--lost", "search--old", "search--old");
        assertThat(orphan("search--old").get("source").asString()).isEqualTo("legacy");
        assertThat(orphan("search--old").get("reason").asString()).contains("pruning is off");
        assertThat(KUBE.deployment("search--old")).isNotNull();
        assertThat(deletesOf("old")).isZero();
    }

    @Test
    @Order(5)
    void theDashboardCountsOrphansOnEveryPageAndListsThemWithSinceWhen() {
        Browser.assumeInstalled();
        ChromeDriver driver = Browser.start(1280, 900);
        try {
            driver.get("http://127.0.0.1:" + port + "/#/audit");
            WebElement box = new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
                WebElement found = d.findElement(By.id("orphan-objects"));
                return found.isDisplayed() ? found : null;
            });
            assertThat(box.findElement(By.tagName("summary")).getText())
                    .isEqualTo("3 orphaned objects on backends: made by Sextant, no longer in Git");
            box.findElement(By.tagName("summary")).click();
            List<String> items = box.findElements(By.cssSelector("li.orphan")).stream().map(WebElement::getText).toList();
            assertThat(items).hasSize(3);
            assertThat(items.get(1)).startsWith("Deployment inference/search--old on prod-k8s · ModelDeployment search/old"
                    + " · source legacy · removed from Git; pruning is off for source 'legacy', so it stays live"
                    + " · orphaned since ");
            assertThat(items.get(0)).contains("source unknown");
            assertThat(box.findElements(By.cssSelector("li.orphan time.ago"))).hasSize(3);
        } finally {
            driver.quit();
        }
    }
}
