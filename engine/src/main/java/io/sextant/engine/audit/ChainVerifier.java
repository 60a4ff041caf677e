package io.sextant.engine.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * One run of re-checking the stored chain: streams every event in id order and recomputes its hash,
 * then compares the end of the chain with {@code audit_chain_head}, which is what reveals events
 * deleted from the end. Not thread-safe; make one per run.
 */
final class ChainVerifier implements RowCallbackHandler {

    private final JdbcTemplate jdbc;
    private long events;
    private long expectedId = 1;
    private String lastHash = AuditHasher.GENESIS;
    private Long firstBrokenId;

    ChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    ChainVerification verify() {
        jdbc.query("SELECT " + AuditRows.COLUMNS + " FROM audit_event ORDER BY id", this);
        if (firstBrokenId == null) {
            checkHead();
        }
        return new ChainVerification(firstBrokenId == null, events, firstBrokenId);
    }

    @Override
    public void processRow(ResultSet rs) throws SQLException {
        events++;
        if (firstBrokenId != null) {
            return; // keep counting; one break is enough to report
        }
        AuditEvent event = AuditRows.map(rs);
        if (event.id() != expectedId) {
            firstBrokenId = expectedId; // an event is missing
        } else if (!event.prevHash().equals(lastHash) || !AuditHasher.hash(event).equals(event.hash())) {
            firstBrokenId = event.id();
        } else {
            lastHash = event.hash();
            expectedId++;
        }
    }

    /**
     * The head is read after the events, so it may be ahead of them by appends that committed
     * meanwhile; such an append is told apart from a deleted tail by its link to our last hash.
     */
    private void checkHead() {
        long lastId = expectedId - 1;
        JdbcAuditStore.Head head = jdbc.queryForObject(
                "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1",
                (rs, row) -> new JdbcAuditStore.Head(rs.getLong(1), rs.getString(2)));
        if (head.lastId() < lastId) {
            firstBrokenId = head.lastId() + 1; // rows appended behind the store's back
        } else if (head.lastId() == lastId) {
            if (!head.lastHash().equals(lastHash)) {
                firstBrokenId = Math.max(lastId, 1);
            }
        } else {
            List<String> next = jdbc.queryForList(
                    "SELECT prev_hash FROM audit_event WHERE id = ?", String.class, lastId + 1);
            if (next.isEmpty() || !next.get(0).equals(lastHash)) {
                firstBrokenId = lastId + 1;
            }
        }
    }
}
