package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.Adoptions;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ManagedObjects;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Unsupported;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code kubernetes} backend: ModelDeployments as Deployment + Service (+ HPA) or KServe
 * InferenceServices, InferenceRoutes as Gateway API HTTPRoutes, all written by server-side apply.
 *
 * <p>What an apply answers is built from the API server's answers to it, with no read-back requests.
 *
 * <p>Apply is idempotent on its own: each object of a live resource is read first and applied only when
 * the live object lacks something Sextant would set, so repeating an apply makes no write request at
 * all. A resource observed absent just before ({@link SeenAbsent}) is created without those reads. Each object
 * carries a hash of what was applied, so a field Sextant stops setting (which the live object still
 * has) is a change too, and server-side apply then removes it.
 *
 * <p>An object that already has the name, made before Sextant managed it, is adopted in place ({@link Adoption}).
 */
final class KubernetesApplier implements Applier {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesApplier.class);

    private final String name;
    private final KubeSettings settings;
    private final KubeApi api;
    private final KubeObserver observer;
    private final SeenAbsent absent = new SeenAbsent();
    private final LlmServices llm;
    private final Adoption adoption;
    private final Ownership ownership;

    KubernetesApplier(String name, KubeSettings settings, KubeApi api) {
        this.name = name;
        this.settings = settings;
        this.api = api;
        this.llm = new LlmServices(api, settings);
        this.observer = new KubeObserver(api, settings, absent, llm);
        this.adoption = new Adoption(name);
        this.ownership = new Ownership(api, settings);
    }

    @Override
    public <T> Optional<T> facet(Class<T> type) {
        if (type == Adoptions.class) {
            return Optional.of(type.cast(adoption));
        }
        return type == ManagedObjects.class ? Optional.of(type.cast(ownership)) : Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return KubernetesApplierFactory.TYPE;
    }

    @Override
    public Set<Kind> kinds() {
        return KubeSupport.checks(settings.flavor()).kinds();
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        return observer.observe(key);
    }

    @Override
    public List<ObservedResource> observeAll() throws BackendException {
        return observer.observeAll();
    }

    @Override
    public List<Unsupported> check(Resource resource) {
        return KubeSupport.check(name, settings.flavor(), resource);
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        ResourceKey key = desired.key();
        List<Unsupported> problems = check(desired.resource());
        if (!problems.isEmpty()) {
            throw BackendException.permanent(problems.stream().map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("; ")), null);
        }
        boolean creating = absent.take(key);
        // The read-back is built from what the API server answered to the applies (and the reads before
        // them), not from more GETs: each object costs its read and, when changed, its apply.
        if (desired.key().kind().equals(ModelDeployment.KIND)) {
            return applyDeployment(key, ModelDeployment.class.cast(desired.resource()), desired, creating);
        } else if (desired.key().kind().equals(LoraAdapter.KIND) && settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
            return llm.applyAdapter(key, LoraAdapter.class.cast(desired.resource()), desired);
        } else if (desired.key().kind().equals(InferenceRoute.KIND)) {
            InferenceRoute route = InferenceRoute.class.cast(desired.resource());
            return observer.route(key, applyIfChanged(creating, key, desired.source(), KubeKind.HTTP_ROUTE, Routes.httpRoute(key, route.spec(),
                    desired.manifest(), settings, api.namespace())), true);
        }
        // check() refuses every other kind, so this is unreachable short of a bug; say so, never cast.
        throw BackendException.permanent("backend '" + name + "' (kubernetes) does not serve " + key.kind(), null);
    }

    private ObservedResource applyDeployment(ResourceKey key, ModelDeployment deployment, DesiredResource desired,
                                             boolean creating) throws BackendException {
        String namespace = api.namespace();
        ModelDeployment.Spec spec = deployment.spec();
        if (settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
            return llm.applyDeployment(key, desired);
        }
        if (settings.flavor() == KubeSettings.Flavor.KSERVE) {
            return observer.inferenceService(key, applyIfChanged(creating, key, desired.source(), KubeKind.INFERENCE_SERVICE,
                    Workloads.inferenceService(key, spec, desired.manifest(), settings, namespace)), true);
        }
        // The Service before the Deployment that observe finds a resource by: an engine killed between
        // the two leaves a resource that reads as absent and is re-applied whole (one create event). So
        // the Service is read before its apply even when creating: after such a kill it is already there
        // and is not applied twice, and a Service someone else made under the name is refused. The
        // Deployment (observed absent) and HPA of a new resource are applied without a read. (A Service
        // missing beside a live Deployment shows as drift of /objects/Service/<name>: ObjectDrift.)
        // Observe reads autoscaling back from the HPA, so a missing or stale HPA shows as a change.
        ObjectNode service = applyIfChanged(false, key, desired.source(), KubeKind.SERVICE, Workloads.service(key, namespace));
        ObjectNode live = applyIfChanged(creating, key, desired.source(), KubeKind.DEPLOYMENT,
                Workloads.deployment(key, spec, desired.manifest(), settings, namespace));
        Optional<ObjectNode> hpa = Optional.empty();
        if (spec.autoscaling() != null) {
            hpa = Optional.of(applyIfChanged(creating, key, desired.source(), KubeKind.HPA, Workloads.hpa(key, spec.autoscaling(), settings, namespace)));
        } else if (!creating) {
            deleteIfOwned(key, KubeKind.HPA);
        }
        return observer.deployment(key, live, Optional.of(service), hpa, true);
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        if (key.kind().equals(LoraAdapter.KIND) && settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
            llm.deleteAdapter(key);
            return;
        }
        for (KubeKind kind : KubeObserver.kindsOf(key.kind(), settings.flavor())) {
            deleteIfOwned(key, kind);
        }
    }

    @Override
    public void watch(Consumer<ResourceKey> changed) {
        if (api.watches() != null) {
            api.watches().onChange(changed);
        }
    }

    @Override
    public GpuCapacity capacity() throws BackendException {
        return KubeCapacity.read(api, settings);
    }

    @Override
    public void close() {
        api.close();
    }

    /** The object as the API server keeps it after this: the apply's answer, or the live object when unchanged. */
    private ObjectNode applyIfChanged(boolean creating, ResourceKey key, String source, KubeKind kind, ObjectNode object)
            throws BackendException {
        // Which installation and source made it, so an orphan scan can tell its own objects (Ownership); outside
        // the applied hash, which drift re-renders from the manifest alone.
        ObjectNode desired = ownership.mark(KubeJson.stamped(object), source);
        String objectName = KubeJson.name(desired);
        if (creating) {
            // Observed absent just now: no read before the write (issue 13, two requests per object).
            ObjectNode applied = api.apply(kind, desired);
            for (JsonNode entry : applied.path("metadata").path("managedFields")) {
                if (!KubeApi.FIELD_MANAGER.equals(entry.path("manager").asString(""))) {
                    // Made in between by someone else (a Service of the same name, say): now shared with them.
                    LOG.warn("backend '{}': {} {}/{} existed, written by field manager '{}'; Sextant's apply for {} "
                            + "merged into it", name, kind, api.namespace(), objectName,
                            entry.path("manager").asString(""), key);
                }
            }
            return applied;
        }
        Optional<ObjectNode> live = api.get(kind, objectName);
        if (live.isPresent() && !KubeNames.owns(KubeJson.labels(live.get()), key)) {
            // Made before Sextant managed it: adopted in place (refused when another Sextant resource owns it).
            adoption.adopt(key, kind, api.namespace(), live.get(), desired);
            return api.apply(kind, desired);
        }
        if (live.isEmpty() || !JsonSubset.contains(live.get(), desired)) {
            return api.apply(kind, desired);
        }
        return live.get();
    }

    private void deleteIfOwned(ResourceKey key, KubeKind kind) throws BackendException {
        String objectName = KubeNames.objectName(key);
        Optional<ObjectNode> live = api.get(kind, objectName);
        if (live.isPresent() && KubeNames.owns(KubeJson.labels(live.get()), key)) {
            api.delete(kind, objectName);
        }
    }
}
