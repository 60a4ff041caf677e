package io.sextant.engine.audit;

import static io.sextant.engine.audit.AuditFixtures.commitId;
import static io.sextant.engine.audit.AuditFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reading the audit log back: filters, order and limit, and what append accepts. */
class AuditStoreFindTest {

    private JdbcAuditStore store;

    @BeforeEach
    void logWithFiveEvents() {
        store = new JdbcAuditStore(AuditFixtures.migratedH2());
        store.append(entry(commitId(1), "ModelDeployment", "llama", "create"));
        store.append(entry(commitId(1), "LoraAdapter", "sql-lora", "create"));
        store.append(entry(commitId(2), "ModelDeployment", "llama", "update"));
        store.append(entry(commitId(2), "InferenceRoute", "chat", "blocked"));
        store.append(entry(commitId(3), "ModelDeployment", "mistral", "delete"));
    }

    @Test
    void newestFirstUpToTheLimit() {
        assertThat(ids(AuditQuery.newest(100))).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(ids(AuditQuery.newest(2))).containsExactly(5L, 4L);
    }

    @Test
    void filtersByCommit() {
        assertThat(ids(new AuditQuery(commitId(2), null, null, null, null, 100))).containsExactly(4L, 3L);
    }

    @Test
    void filtersByResourceIdentity() {
        assertThat(ids(new AuditQuery(null, "ModelDeployment", null, null, null, 100))).containsExactly(5L, 3L, 1L);
        assertThat(ids(new AuditQuery(null, "ModelDeployment", "search", "llama", null, 100)))
                .containsExactly(3L, 1L);
        assertThat(ids(new AuditQuery(null, null, "other-team", null, null, 100))).isEmpty();
    }

    @Test
    void filtersByActionCombinedWithOtherFiltersAndLimit() {
        assertThat(ids(new AuditQuery(null, null, null, null, "create", 100))).containsExactly(2L, 1L);
        assertThat(ids(new AuditQuery(commitId(1), null, null, null, "create", 1))).containsExactly(2L);
    }

    @Test
    void recordsAMissingDiffAsAnEmptyArrayAndAMissingResourceAsNull() {
        AuditEntry planBlocked = new AuditEntry("platform", commitId(9), null, null, null, null, "poll", null,
                null, "blocked", null, "blocked", "would delete 12 resources; max-deletions is 10", 0);

        AuditEvent event = store.append(planBlocked);

        assertThat(event.diff().isArray()).isTrue();
        assertThat(event.diff().isEmpty()).isTrue();
        assertThat(event.resource()).isNull();
        assertThat(event.approvedBy()).isEmpty();
        assertThat(store.find(AuditQuery.newest(1))).containsExactly(event);
        assertThat(store.verify().valid()).isTrue();
    }

    @Test
    void refusesADiffThatIsNotAnArray() {
        AuditEntry e = entry(commitId(1), "ModelDeployment", "llama", "update");
        AuditEntry withObjectDiff = new AuditEntry(e.source(), e.commit(), e.commitAuthor(), e.commitMessage(),
                e.pullRequest(), e.approvedBy(), e.trigger(), e.resource(), e.backend(), e.action(),
                JsonNodeFactory.instance.objectNode(), e.outcome(), e.error(), e.durationMs());

        assertThatIllegalArgumentException().isThrownBy(() -> store.append(withObjectDiff))
                .withMessageContaining("diff must be a JSON array");
    }

    @Test
    void refusesAnIdentifierLongerThanItsColumnWithoutBreakingTheChain() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.append(entry(commitId(1), "ModelDeployment", "x".repeat(256), "create")))
                .withMessageContaining("resource.name is longer than 255");

        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 5, null));
    }

    private List<Long> ids(AuditQuery query) {
        return store.find(query).stream().map(AuditEvent::id).toList();
    }
}
