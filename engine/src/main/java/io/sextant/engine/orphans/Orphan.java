package io.sextant.engine.orphans;

import io.sextant.engine.audit.AuditEvent.ResourceRef;
import java.time.Instant;

/**
 * A live object this Sextant installation made whose resource is no longer in Git (an item of
 * {@code GET /api/v1/orphans}).
 *
 * @param backend    the backend it lives on
 * @param apiVersion the backend's apiVersion of the object, such as {@code apps/v1}
 * @param kind       the backend's kind of the object, such as {@code Deployment}
 * @param namespace  the backend namespace it lives in
 * @param name       its name in the backend
 * @param resource   the Sextant resource its labels name
 * @param source     the source that made it, or null when neither its annotation nor Sextant's status says
 * @param reason     why it is an orphan and what happens to it, in words
 * @param since      when a scan first found it orphaned (the first sighting of any replica, kept across restarts)
 */
public record Orphan(String backend, String apiVersion, String kind, String namespace, String name, ResourceRef resource,
                     String source, String reason, Instant since) {

    /** The same orphan, first seen at {@code when}. */
    Orphan since(Instant when) {
        return new Orphan(backend, apiVersion, kind, namespace, name, resource, source, reason, when);
    }

    /** Identity of the object, to keep {@code since} across scans. */
    String id() {
        return backend + "/" + apiVersion + "/" + kind + "/" + namespace + "/" + name;
    }
}
