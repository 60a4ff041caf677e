package io.sextant.engine.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.erdtman.jcs.JsonCanonicalizer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Databases, entries and an independent chain checker shared by the audit tests. */
final class AuditFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditFixtures() {}

    /** A fresh, migrated in-memory H2 database, as the embedded default uses. */
    static DataSource migratedH2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:audit-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        return migrated(h2);
    }

    static DataSource migrated(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }

    /** A succeeded update of one ModelDeployment with a one-field diff, as the reconciler records it. */
    static AuditEntry update(String commit, String name, int replicas) {
        JsonNode diff = JSON.readTree("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"from\":"
                + (replicas - 1) + ",\"value\":" + replicas + "}]");
        return new AuditEntry("platform", commit, "Ada <ada@example.com>", "scale " + name + "\n\nwhy: load",
                17, List.of("grace"), "webhook", new AuditEvent.ResourceRef("ModelDeployment", "search", name),
                "sim-local", "update", diff, "succeeded", null, 12);
    }

    static AuditEntry entry(String commit, String kind, String name, String action) {
        return new AuditEntry("platform", commit, "Ada <ada@example.com>", "msg", null, List.of(), "poll",
                new AuditEvent.ResourceRef(kind, "search", name), "sim-local", action, null,
                "blocked".equals(action) ? "blocked" : "succeeded", null, 3);
    }

    static String commitId(int n) {
        return String.format("%040x", n);
    }

    /**
     * Re-verifies a chain from the JSON of {@code GET /api/v1/audit} alone, the way a user's script would,
     * without any of the store's code: returns the id of the first event that does not verify, or null.
     */
    static Long firstBrokenInServedJson(String auditResponseBody) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(auditResponseBody).get("items").forEach(items::add);
        items.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong())); // served newest first
        String prevHash = "0".repeat(64);
        for (JsonNode item : items) {
            ObjectNode withoutHash = ((ObjectNode) item).deepCopy();
            withoutHash.remove("hash");
            String canonical = new JsonCanonicalizer(JSON.writeValueAsString(withoutHash)).getEncodedString();
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((item.get("prevHash").asString() + canonical).getBytes(StandardCharsets.UTF_8));
            if (!item.get("prevHash").asString().equals(prevHash)
                    || !HexFormat.of().formatHex(digest).equals(item.get("hash").asString())) {
                return item.get("id").asLong();
            }
            prevHash = item.get("hash").asString();
        }
        return null;
    }
}
