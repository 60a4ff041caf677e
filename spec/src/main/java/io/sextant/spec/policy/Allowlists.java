package io.sextant.spec.policy;

import io.sextant.plugin.Governed;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A namespace's allow-lists beyond backends and quota ({@code sextant.policy.namespaces.<ns>.{models, images,
 * gpus, runtime-args}}). Each group is null when the namespace sets nothing for it, so {@code defaults} can
 * fill it: a namespace that sets a group replaces the default group whole, never merges into it.
 */
public record Allowlists(ModelRules models, ImageRules images, GpuRules gpus, ArgRules runtimeArgs) {

    /** Nothing set: everything allowed. */
    public static final Allowlists NONE = new Allowlists(null, null, null, null);

    /** These allow-lists, with each group they leave unset taken from {@code defaults}. */
    public Allowlists or(Allowlists defaults) {
        if (defaults == null) {
            return this;
        }
        return new Allowlists(models != null ? models : defaults.models, images != null ? images : defaults.images,
                gpus != null ? gpus : defaults.gpus, runtimeArgs != null ? runtimeArgs : defaults.runtimeArgs);
    }

    /** Every use in {@code governed} that these allow-lists refuse in {@code namespace}, in the given order. */
    public List<Violation> check(String namespace, List<Governed> governed) {
        List<Violation> violations = new ArrayList<>();
        for (Governed use : governed) {
            // Java 17 has no pattern switch; the interface is sealed, so these four are all there is.
            if (use instanceof Governed.Model model) {
                model(namespace, model, violations);
            } else if (use instanceof Governed.Image image) {
                image(namespace, image, violations);
            } else if (use instanceof Governed.Gpus gpus) {
                gpus(namespace, gpus, violations);
            } else if (use instanceof Governed.RuntimeArg arg) {
                arg(namespace, arg, violations);
            }
        }
        return violations;
    }

    private void model(String namespace, Governed.Model model, List<Violation> violations) {
        if (models == null) {
            return;
        }
        if (!models.allowedUris().isEmpty()) {
            Optional<String> problem = ModelUris.problem(model.uri());
            if (problem.isPresent()) {
                violations.add(new Violation(model.uriField(), "models.allowed-uris", model.uri() + " " + problem.get()
                        + ", so it cannot be matched against namespace " + namespace + "'s allowed URIs"));
                return;
            }
            String uri = ModelUris.canonical(model.uri());
            if (models.allowedUris().stream().noneMatch(prefix -> ModelUris.under(uri, prefix))) {
                violations.add(new Violation(model.uriField(), "models.allowed-uris", model.uri()
                        + " is not allowed in namespace " + namespace + " (allowed: "
                        + String.join(", ", models.allowedUris()) + ")"));
            }
        }
        if (models.requirePinnedRevision() && model.revisionField() != null) {
            ModelUris.unpinned(model.uri(), model.revision()).ifPresent(why -> violations.add(new Violation(
                    model.revisionField(), "models.require-pinned-revision", "revision of " + model.uri() + " " + why
                    + "; namespace " + namespace + " requires pinned model revisions")));
        }
    }

    private void image(String namespace, Governed.Image image, List<Violation> violations) {
        if (images == null) {
            return;
        }
        StringBuilder problem = new StringBuilder();
        Optional<ImageReference> parsed = ImageReference.parse(image.image(), problem);
        if (parsed.isEmpty()) {
            violations.add(new Violation(image.field(), "images.allowed-registries", "image " + image.image() + " "
                    + problem + ", so it cannot be matched against namespace " + namespace + "'s allowed registries"));
            return;
        }
        ImageReference reference = parsed.get();
        if (!images.allowedRegistries().isEmpty()
                && images.allowedRegistries().stream().noneMatch(prefix -> reference.location().startsWith(prefix))) {
            violations.add(new Violation(image.field(), "images.allowed-registries", image.image() + " (" + reference.registry()
                    + "/" + reference.path() + ") is not allowed in namespace " + namespace + " (allowed: "
                    + String.join(", ", images.allowedRegistries()) + ")"));
        }
        if (images.requireDigest() && reference.digest() == null) {
            violations.add(new Violation(image.field(), "images.require-digest", "image " + image.image()
                    + " is not pinned by @sha256: digest (tag '" + reference.tag() + "' can be moved); namespace "
                    + namespace + " requires image digests"));
        }
    }

    private void gpus(String namespace, Governed.Gpus use, List<Violation> violations) {
        if (gpus == null) {
            return;
        }
        if (!gpus.allowedTypes().isEmpty() && !gpus.allowedTypes().contains(use.type())) {
            violations.add(new Violation(use.typeField(), "gpus.allowed-types", "GPU type " + use.type()
                    + " is not allowed in namespace " + namespace + " (allowed: "
                    + String.join(", ", new TreeSet<>(gpus.allowedTypes())) + ")"));
        }
        if (gpus.maxPerReplica() != null && use.perReplica() > gpus.maxPerReplica()) {
            violations.add(new Violation(use.countField(), "gpus.max-per-replica", use.perReplica()
                    + " GPUs per replica is over namespace " + namespace + "'s maximum of " + gpus.maxPerReplica()));
        }
    }

    private void arg(String namespace, Governed.RuntimeArg arg, List<Violation> violations) {
        if (runtimeArgs == null) {
            return;
        }
        String name = ArgRules.normalise(arg.name());
        if (runtimeArgs.denied().contains(name)) {
            violations.add(new Violation(arg.field(), "runtime-args.denied", "runtime argument " + arg.name()
                    + " is denied in namespace " + namespace));
        } else if (!runtimeArgs.allowed().isEmpty() && !runtimeArgs.allowed().contains(name)) {
            violations.add(new Violation(arg.field(), "runtime-args.allowed", "runtime argument " + arg.name()
                    + " is not allowed in namespace " + namespace + " (allowed: "
                    + String.join(", ", new TreeSet<>(runtimeArgs.allowed())) + ")"));
        }
    }
}
