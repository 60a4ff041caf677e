package io.sextant.engine.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log in a relational database (H2 for the embedded default, PostgreSQL when clustered),
 * in the tables of {@code db/migration/V1__audit.sql}.
 *
 * <p>Appends join the caller's transaction when there is one, so a caller can record an event
 * atomically with its own writes (e.g. marking a plan step done). Every append locks the single row of
 * {@code audit_chain_head} until that transaction ends: keep such transactions short.
 */
@Component
public class JdbcAuditStore implements AuditStore {

    private static final String LOCK_HEAD = "SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE";
    private static final String MOVE_HEAD = "UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE id = 1";
    /** Batches at least this large are prepared on every core. */
    private static final int PARALLEL_PREPARE = 64;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final List<AuditAppendListener> fixedListeners;
    private final ObjectProvider<AuditAppendListener> listeners;

    /**
     * The Spring wiring: shares the application's transaction manager so appends can join its transactions.
     * Listeners are looked up at each append, so a listener may itself depend on beans that use this store.
     */
    @Autowired
    public JdbcAuditStore(DataSource dataSource, PlatformTransactionManager transactionManager,
                          ObjectProvider<AuditAppendListener> listeners) {
        this(dataSource, transactionManager, Clock.systemUTC(), List.of(), listeners);
    }

    /** Without Spring and without listeners, joining the transactions of {@code transactionManager}. */
    public JdbcAuditStore(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this(dataSource, transactionManager, Clock.systemUTC());
    }

    /** For use without Spring (tools, tests): each call runs in its own local transaction. */
    public JdbcAuditStore(DataSource dataSource) {
        this(dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC());
    }

    JdbcAuditStore(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock) {
        this(dataSource, transactionManager, clock, List.of(), null);
    }

    /** Without Spring, with listeners told of every append in its transaction (tests of the outbox). */
    public JdbcAuditStore(DataSource dataSource, PlatformTransactionManager transactionManager,
                          List<AuditAppendListener> listeners) {
        this(dataSource, transactionManager, Clock.systemUTC(), listeners, null);
    }

    private JdbcAuditStore(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock,
                           List<AuditAppendListener> fixedListeners, ObjectProvider<AuditAppendListener> listeners) {
        this.fixedListeners = List.copyOf(fixedListeners);
        this.listeners = listeners;
        this.jdbc = new JdbcTemplate(dataSource);
        // Verify streams the whole log: fetch in pages (PostgreSQL only uses a cursor inside a transaction).
        this.jdbc.setFetchSize(500);
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public AuditEvent append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        return appendAll(List.of(entry)).get(0);
    }

    /**
     * Appends the entries in order, in one transaction (the caller's, when there is one): one lock of
     * the chain's head, one JDBC batch of rows and one move of the head, however many events.
     */
    @Override
    public List<AuditEvent> appendAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        // Normalise and canonicalise before taking the lock: the lock serialises every append of every replica.
        // A large batch (a big sync's steps) is prepared on every core; the order of the entries is kept.
        List<AuditRows.Prepared> prepared = (entries.size() >= PARALLEL_PREPARE ? entries.parallelStream() : entries.stream())
                .map(e -> AuditRows.prepare(Objects.requireNonNull(e, "entry"))).toList();
        return transactions.execute(status -> {
            Head head = jdbc.queryForObject(LOCK_HEAD, (rs, row) -> new Head(rs.getLong(1), rs.getString(2)));
            List<AuditEvent> events = new ArrayList<>(prepared.size());
            long id = head.lastId();
            String prevHash = head.lastHash();
            for (AuditRows.Prepared p : prepared) {
                // Taken under the lock, so times never go backwards along the chain within one clock.
                String time = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
                AuditEvent event = p.chain(++id, time, prevHash);
                events.add(event);
                prevHash = event.hash();
            }
            jdbc.batchUpdate(AuditRows.INSERT, new BatchPreparedStatementSetter() {
                @Override
                public void setValues(PreparedStatement ps, int i) throws SQLException {
                    prepared.get(i).setInsert(ps, events.get(i));
                }

                @Override
                public int getBatchSize() {
                    return events.size();
                }
            });
            jdbc.update(MOVE_HEAD, id, prevHash);
            List<AuditEvent> appended = List.copyOf(events);
            fixedListeners.forEach(l -> l.appended(appended));
            if (listeners != null) {
                listeners.orderedStream().forEach(l -> l.appended(appended));
            }
            return events;
        });
    }

    @Override
    public List<AuditEvent> find(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        StringJoiner where = new StringJoiner(" AND ", " WHERE ", "").setEmptyValue("");
        List<Object> args = new ArrayList<>();
        filter(where, args, "commit_id", query.commit());
        filter(where, args, "kind", query.kind());
        filter(where, args, "namespace", query.namespace());
        filter(where, args, "name", query.name());
        filter(where, args, "action", query.action());
        args.add(query.limit());
        String sql = "SELECT " + AuditRows.COLUMNS + " FROM audit_event" + where
                + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY";
        return jdbc.query(sql, (rs, row) -> AuditRows.map(rs), args.toArray());
    }

    @Override
    public ChainVerification verify() {
        return transactions.execute(status -> new ChainVerifier(jdbc).verify());
    }

    private static void filter(StringJoiner where, List<Object> args, String column, String value) {
        if (value != null) {
            where.add(column + " = ?");
            args.add(value);
        }
    }

    /** The row of {@code audit_chain_head}: the id and hash of the last appended event. */
    record Head(long lastId, String lastHash) {}
}
