package io.sextant.spec;

import io.sextant.plugin.Kind;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.LoadResult;
import io.sextant.spec.api.Selectors;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.load.DocumentLoader;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads Sextant resources from the bytes of one file in Git, safely, with every problem located.
 *
 * <p>Each {@code ---} document of a {@code .yaml}/{@code .yml} file must be a Sextant resource (a
 * {@code kind} of the registry of {@link Kinds} and one of the {@code apiVersion}s it serves, such as
 * {@code sextant.io/v1}) valid against its kind's JSON Schema for that version (for the built-in kinds see
 * {@link #schemaResource(Kind)}), then converted to the stored version; empty documents are skipped. A file with any error yields no
 * documents at all, only errors, so a broken file can never look like deleted resources upstream.
 * YAML is composed, never constructed: tags cannot instantiate classes, aliases and size are bounded,
 * duplicate keys are errors. {@link #load} never throws for any input.
 *
 * <p>A file that is not text is an error at its path before any YAML is read: binary content (a NUL byte in
 * its first 8000 bytes, as Git decides) or bytes that are not valid UTF-8 (decoded strictly; the error names
 * the line, column and byte offset). The caller bounds a file's size: the engine and {@code validate} check
 * it before reading and report a file over the limit with {@link #tooLarge}, in the same words.
 *
 * <p>The {@link SpecDocument#manifest() manifest} of a loaded document is normalised (its spec by the kind's
 * {@link io.sextant.plugin.KindDefinition#spec definition}) so that two
 * spellings of the same intent compare equal. Absent optional fields and empty maps and lists are left
 * out; maps are sorted by key; lists keep their order:
 * <pre>{@code
 * {"apiVersion": "sextant.io/v1",
 *  "kind": "ModelDeployment" | "LoraAdapter" | "InferenceRoute",
 *  "metadata": {"name": n, "namespace": ns (default "default"), "labels": {..} (only if non-empty)},
 *  "spec": ...}
 *
 * ModelDeployment spec:
 *  {"backend": b,
 *   "model": {"uri": u, "revision": r?, "servedName": s (default metadata.name)},
 *   "runtime": {"engine": e, "image": i?, "args": {name: string|number|boolean}?, "env": {name: string}?},
 *   "resources": {"gpu": {"type": t, "count": c}}?,
 *   "replicas": n?, "autoscaling": {"minReplicas": a, "maxReplicas": b, "targetConcurrency": c?}?,
 *   "dependsOn": [{"kind": k, "namespace": ns, "name": n}]?}   (strings parsed; namespace filled in)
 * LoraAdapter spec:    {"deployment": d, "uri": u, "dependsOn": [...]?}
 * InferenceRoute spec: {"modelName": m, "targets": [{"deployment": d, "weight": w}],
 *                       "selectors": [{"target": i, "weight": w, "selector": {..}, "deployments": [d]}]?}
 *   (targets as resolved: a selector target spread over what it selects, see {@link Selectors})
 * }</pre>
 * Treat manifests as read-only: they are shared with the documents that hold them.
 *
 * <p>Thread-safe and reusable; build one and share it (building compiles the schemas).
 */
public final class SpecLoader {

    private final DocumentLoader loader;

    /** A loader of the built-in kinds only ({@link Kinds#builtIn()}). */
    public SpecLoader() {
        this(Kinds.builtIn());
    }

    /**
     * A loader of {@code kinds}. Schemas are compiled here, once, rather than on the first file.
     *
     * @throws IllegalArgumentException naming the kind when one of its schemas does not compile
     */
    public SpecLoader(Kinds kinds) {
        this.loader = new DocumentLoader(Objects.requireNonNull(kinds, "kinds"));
    }

    /**
     * Loads every resource document of one file.
     *
     * @param file    the file's path in the repository, used in errors ({@code models/llama.yaml})
     * @param content the file's bytes (UTF-8, or UTF-16/32 with a byte order mark)
     */
    public LoadResult load(String file, byte[] content) {
        return loader.load(Objects.requireNonNull(file, "file"), Objects.requireNonNull(content, "content"));
    }

    /**
     * What a file over the size limit yields: no documents and one error at its path, so it is reported
     * like any other broken file and, like one, deletes nothing.
     *
     * @param size  the file's size in bytes
     * @param limit the limit in bytes (a source's {@code max-file-size})
     */
    public static LoadResult tooLarge(String file, long size, long limit) {
        return DocumentLoader.tooLarge(Objects.requireNonNull(file, "file"), size, limit);
    }

    /** Whether a repository path is one the loader reads ({@code .yaml} or {@code .yml}, any case). */
    public static boolean isSpecFile(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".yaml") || lower.endsWith(".yml");
    }

    /**
     * Classpath resource holding the JSON Schema (draft 2020-12) of built-in {@code kind}, for serving to editors:
     * {@code schemas/sextant.io_v1/modeldeployment.schema.json} and likewise for the other kinds.
     */
    public static String schemaResource(Kind kind) {
        return "schemas/sextant.io_v1/" + kind.name().toLowerCase(Locale.ROOT) + ".schema.json";
    }
}
