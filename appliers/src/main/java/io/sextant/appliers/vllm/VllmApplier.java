package io.sextant.appliers.vllm;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.api.DeployedRevision;
import io.sextant.appliers.http.JsonHttp;
import io.sextant.appliers.http.JsonValues;
import io.sextant.appliers.http.ManifestStash;
import io.sextant.appliers.http.Reply;
import io.sextant.appliers.http.StashedApplier;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code vllm} backend: one existing vLLM OpenAI-compatible server. It cannot start or stop a model:
 * a ModelDeployment here is a claim that the server serves {@code model.servedName}, which apply and
 * observe verify ({@code /v1/models} and {@code /health}); apply of a model the server does not serve
 * writes nothing and reports Degraded, and delete only forgets the claim. LoraAdapters are loaded and
 * unloaded at run time under their {@code metadata.name} (see {@link VllmAdapters}). Adapters vanish
 * when the server restarts; observe then reports them absent, and the engine loads them again.
 */
final class VllmApplier extends StashedApplier<VllmModels> {

    private final VllmAdapters adapters;

    VllmApplier(String name, JsonHttp http, ManifestStash stash) {
        super(name, VllmApplierFactory.TYPE, http, VllmChecks.CHECKS, stash);
        this.adapters = new VllmAdapters(name, http);
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        requireServable(desired.resource());
        ResourceKey key = desired.key();
        JsonNode manifest = desired.manifest();
        if (key.kind().equals(ModelDeployment.KIND)) {
            VllmModels models = models();
            Optional<ObservedResource> served = live(key, manifest, models);
            if (served.isEmpty()) {
                return new ObservedResource(key, manifest, Health.DEGRADED, "vLLM server at " + http.url()
                        + " does not serve '" + servedName(manifest) + "' (it serves " + models.baseIds()
                        + "); Sextant cannot start a model on an existing vLLM server");
            }
            stash.put(key, manifest);
            return served.get();
        }
        for (ResourceKey other : stash.keys()) {
            if (other.kind().equals(LoraAdapter.KIND) && !other.equals(key) && other.name().equals(key.name())) {
                throw BackendException.permanent("backend '" + name() + "': adapter name '" + key.name()
                        + "' is already loaded for " + other + "; vLLM names adapters in one flat namespace", null);
            }
        }
        adapters.ensureLoaded(key.name(), VllmChecks.loraPath(manifest.at("/spec/uri").asString()));
        stash.put(key, manifest);
        return live(key, manifest, models()).orElse(new ObservedResource(key, manifest, Health.PROGRESSING,
                "vLLM accepted adapter '" + key.name() + "' but does not list it yet"));
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        if (stash.get(key).isEmpty()) {
            return;
        }
        if (key.kind().equals(LoraAdapter.KIND) && models().adapter(key.name()).isPresent()) {
            adapters.unload(key.name());
        }
        stash.remove(key);
    }

    @Override
    protected VllmModels snapshot() throws BackendException {
        return models();
    }

    @Override
    protected Optional<ObservedResource> live(ResourceKey key, JsonNode applied, VllmModels models) throws BackendException {
        ObjectNode manifest = (ObjectNode) applied.deepCopy();
        if (key.kind().equals(ModelDeployment.KIND)) {
            Optional<VllmModels.Card> card = models.base(servedName(applied));
            if (card.isEmpty()) {
                return Optional.empty();
            }
            JsonNode maxLen = applied.at("/spec/runtime/args/max-model-len");
            if (!maxLen.isMissingNode() && card.get().maxModelLen().isNumber()
                    && !JsonValues.same(maxLen, card.get().maxModelLen())) {
                JsonValues.set(manifest, "/spec/runtime/args/max-model-len", card.get().maxModelLen());
            }
            String uri = applied.at("/spec/model/uri").asString("");
            String root = card.get().root();
            // Only an HF id against an HF id is comparable: a local path may hold the very same model.
            if (uri.startsWith("hf://") && !root.isEmpty() && !root.startsWith("/") && !uri.equals("hf://" + root)) {
                JsonValues.set(manifest, "/spec/model/uri", JsonNodeFactory.instance.stringNode("hf://" + root));
            }
            // A model served from a Hugging Face snapshot names the commit it holds: the revision deployed.
            DeployedRevision.ofSnapshotPath(root).ifPresent(revision -> DeployedRevision.report(manifest, revision));
        } else {
            Optional<VllmModels.Card> card = models.adapter(key.name());
            if (card.isEmpty()) {
                return Optional.empty();
            }
            String path = VllmChecks.loraPath(applied.at("/spec/uri").asString());
            if (!card.get().root().equals(path)) {
                JsonValues.set(manifest, "/spec/uri", JsonNodeFactory.instance.stringNode(VllmChecks.uriOf(card.get().root())));
            }
        }
        Reply health = http.exchange("GET", "/health", null);
        return Optional.of(health.ok() ? new ObservedResource(key, manifest, Health.HEALTHY, "")
                : new ObservedResource(key, manifest, Health.DEGRADED, "vLLM server at " + http.url()
                        + " fails its health check: " + health.status() + " " + health.errorText()));
    }

    private VllmModels models() throws BackendException {
        return VllmModels.of(http.get("/v1/models").json());
    }

    private static String servedName(JsonNode manifest) {
        return manifest.at("/spec/model/servedName").asString(manifest.at("/metadata/name").asString());
    }
}
