package io.sextant.engine.audit;

import static io.sextant.engine.audit.AuditFixtures.JSON;
import static io.sextant.engine.audit.AuditFixtures.commitId;
import static io.sextant.engine.audit.AuditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The hash covers exactly the served JSON, so anyone can re-verify the chain from API output alone. */
class AuditHasherTest {

    private final JdbcAuditStore store = new JdbcAuditStore(AuditFixtures.migratedH2());

    @Test
    void servedJsonReverifiesWithoutTheStoresCode() throws Exception {
        for (int i = 1; i <= 6; i++) {
            store.append(update(commitId(i), "llama", i + 1));
        }
        String served = JSON.writeValueAsString(Map.of("items", store.find(AuditQuery.newest(100))));

        assertThat(AuditFixtures.firstBrokenInServedJson(served)).isNull();
    }

    @Test
    void servedJsonWithOneChangedFieldFailsIndependentReverification() throws Exception {
        for (int i = 1; i <= 4; i++) {
            store.append(update(commitId(i), "llama", i + 1));
        }
        ObjectNode body = JSON.valueToTree(Map.of("items", store.find(AuditQuery.newest(100))));
        ((ObjectNode) body.get("items").get(1)).put("durationMs", 13); // the second newest, id 3

        assertThat(AuditFixtures.firstBrokenInServedJson(JSON.writeValueAsString(body))).isEqualTo(3L);
    }

    @Test
    void servesEveryContractFieldIncludingNulls() {
        JsonNode served = JSON.valueToTree(store.append(update(commitId(1), "llama", 2)));

        assertThat(served.propertyNames()).containsExactlyInAnyOrder("id", "time", "source", "commit",
                "commitAuthor", "commitMessage", "pullRequest", "approvedBy", "trigger", "resource", "backend",
                "action", "diff", "outcome", "error", "durationMs", "prevHash", "hash");
        assertThat(served.get("error").isNull()).isTrue();
        assertThat(served.get("resource").propertyNames()).containsExactly("kind", "namespace", "name");
    }

    @Test
    void hashOfServedJsonEqualsHashOfTheEvent() {
        AuditEvent event = store.append(update(commitId(1), "llama", 2));

        assertThat(AuditHasher.hash((JsonNode) JSON.valueToTree(event))).isEqualTo(event.hash());
    }

    @Test
    void textPostgresCannotHoldIsStoredAsReplacementCharactersAndStillVerifies() {
        AuditEntry e = update(commitId(1), "llama", 2);
        AuditEntry awkward = new AuditEntry(e.source(), e.commit(), "Zoë 🚀 <z@example.com>",
                "nul\u0000 and lone \uD800 surrogate", e.pullRequest(), List.of("gr\u0000ace"), e.trigger(),
                e.resource(), e.backend(), e.action(),
                JSON.readTree("[{\"op\":\"add\",\"path\":\"/a\",\"value\":\"\\ud800\"}]"),
                e.outcome(), "\uDC00", e.durationMs());

        AuditEvent event = store.append(awkward);

        assertThat(event.commitAuthor()).isEqualTo("Zoë 🚀 <z@example.com>");
        assertThat(event.commitMessage()).isEqualTo("nul\uFFFD and lone \uFFFD surrogate");
        assertThat(event.approvedBy()).containsExactly("gr\uFFFDace");
        assertThat(event.error()).isEqualTo("\uFFFD");
        assertThat(event.diff().get(0).get("value").asString()).isEqualTo("\uFFFD");
        assertThat(store.find(AuditQuery.newest(1))).containsExactly(event);
        assertThat(store.verify().valid()).isTrue();
    }
}
