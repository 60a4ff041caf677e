package io.sextant.appliers.http;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.Unsupported;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Kind;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * What the HTTP backends' appliers ({@code ray-serve}, {@code triton}, {@code vllm}) have in common: a
 * name and type, the {@link ServingChecks} of what they can serve, and an API that reports no GPUs.
 */
public abstract class HttpApplier implements Applier {

    /** The backend's API. */
    protected final JsonHttp http;
    private final String name;
    private final String type;
    private final ServingChecks checks;

    protected HttpApplier(String name, String type, JsonHttp http, ServingChecks checks) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.http = Objects.requireNonNull(http, "http");
        this.checks = Objects.requireNonNull(checks, "checks");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<Kind> kinds() {
        return checks.kinds();
    }

    @Override
    public final List<Unsupported> check(Resource resource) {
        return checks.check(name, type, resource);
    }

    /**
     * None of these APIs has a GPU inventory by type: Ray's Serve API has no cheap one, Triton reports
     * GPUs only on its metrics port, and vLLM's OpenAI API not at all.
     */
    @Override
    public GpuCapacity capacity() {
        return GpuCapacity.unknown();
    }

    /**
     * Runs {@link #check} again before a write, so a spec that reaches apply unvalidated is refused
     * whole rather than half applied.
     *
     * @throws BackendException permanent, naming the first field this backend cannot serve
     */
    protected final void requireServable(Resource resource) throws BackendException {
        List<Unsupported> problems = check(resource);
        if (!problems.isEmpty()) {
            throw BackendException.permanent(problems.get(0).field() + ": " + problems.get(0).message(), null);
        }
    }
}
