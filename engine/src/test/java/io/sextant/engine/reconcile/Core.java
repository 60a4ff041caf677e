package io.sextant.engine.reconcile;

import io.sextant.engine.MutableClock;

import io.sextant.spec.api.Kinds;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.drift.api.DriftDetector;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditQuery;
import io.sextant.engine.audit.JdbcAuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SyncProperties;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.source.WatchedSource;
import io.sextant.git.api.CommitInfo;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SourcePositions;
import io.sextant.engine.status.StatusRepository;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.SpecValidator;
import io.sextant.spec.api.ValidationContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reconcile core built by hand, the way {@link Reconciler} wires it but without Spring: real
 * tracker, journal, positions and audit log on a {@link TestDatabase}, fakes only for the SPIs (a
 * {@link FakeApplier} backend named {@value #BACKEND}, a {@link FakeGit} source, a {@link FakeGate}), a
 * clock the test moves, and backoffs without jitter (5 s doubling to 5 min).
 */
final class Core {

    static final String SOURCE = "platform";
    static final String BACKEND = "gpu-a";
    static final String NS = "search";
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));
    /** No jitter: delays are exactly what the backoff says. */
    static final RandomGenerator NO_JITTER = () -> 0L;

    final TestDatabase db;
    final FakeApplier backend;
    final FakeGit git;
    final FakeGate gate;
    final MutableClock clock;
    final List<Object> events;
    final BackendRegistry backends;
    final JdbcAuditStore audit;
    final SourcePositions positions;
    final SyncJournal journal;
    final JournalRecovery recovery;
    final BackendCalls calls = new BackendCalls();
    final SourceState state = new SourceState();
    SyncProperties sync = new SyncProperties(true, true, false, 10);
    ResourceTracker tracker;
    ReconcileServices services;
    /** Resources held as if suspended, with the reason the hook gives; read at every wave as the store is. */
    final Map<ResourceKey, String> suspended = new java.util.concurrent.ConcurrentHashMap<>();
    private final SuspensionGate suspensions = () -> (key, source) -> suspended.get(key);

    /** A fresh core on an emptied database. */
    Core(TestDatabase db) {
        this(db, new FakeApplier(BACKEND), new FakeGit(), new MutableClock(Instant.parse("2026-03-01T12:00:00Z")));
        db.clear();
        restart();
    }

    private Core(TestDatabase db, FakeApplier backend, FakeGit git, MutableClock clock) {
        this.db = db;
        this.backend = backend;
        this.git = git;
        this.clock = clock;
        this.gate = new FakeGate();
        this.events = new CopyOnWriteArrayList<>();
        this.backends = BackendRegistry.of(backend);
        audit = new JdbcAuditStore(db.dataSource, db.transactions);
        positions = new SourcePositions(db.jdbc);
        journal = new SyncJournal(db.jdbc, db.template, db.transactions, positions);
        recovery = new JournalRecovery(journal, backends, audit, db.transactions, DriftDetector.withDefaults());
    }

    /**
     * Another replica of the engine: the same database, backend, Git remote and time, its own memory
     * (tracker, loaded specs, published snapshot) and its own events.
     */
    Core replica() {
        Core replica = new Core(db, backend, git, clock);
        replica.sync = sync;
        replica.restart();
        return replica;
    }

    /** A new process on the same database: the tracker reloads what is stored, nothing else is kept. */
    void restart() {
        tracker = new ResourceTracker(new StatusRepository(db.jdbc, db.template, db.transactions), events::add);
        SpecValidator validator = new SpecValidator(new ValidationContext(backends.names(), Map.of()),
                List.of(new NamespacePolicyCheck(Set.of()), new BackendSupport(Kinds.builtIn(), backends)));
        services = new ReconcileServices(backends, tracker, audit, positions, new DesiredStateLoader(),
                new Assessor(Kinds.builtIn(), backends, DriftDetector.withDefaults(), calls, BACKOFF, NO_JITTER),
                new StepExecutor(new RetryPolicy(1, Duration.ZERO, Duration.ZERO), NO_JITTER, d -> { }),
                validator, List.of(gate), events::add, journal, new TransactionTemplate(db.transactions), recovery,
                calls, clock, BACKOFF, NO_JITTER, RolloutGate.NONE,
                suspensions, WindowGate.NONE);
    }

    WatchedSource source() {
        SourceProperties properties = new SourceProperties(SOURCE, "mem://" + SOURCE, "main", List.of(), null, null,
                null, null, null, null, sync, null);
        return new WatchedSource(properties, sync, git);
    }

    /** One reconcile run of the source, on this thread. */
    void run(Trigger trigger) {
        new ReconcileRun(source(), state, trigger, Set.of(), services).run();
    }

    /** A drift scan of the backend. */
    void driftScan() {
        new ReconcileRun(source(), state, Trigger.DRIFT, Set.of(BACKEND), services).run();
    }

    /** Steps of a plan at {@code commit} through the gate and the {@link StepRunner}, as a run takes them. */
    ReconcileRun.StepTally runSteps(Trigger trigger, String commit, PlanStep... steps) {
        return runSteps(trigger, commit, positions.load(SOURCE), steps);
    }

    /** {@link #runSteps} from a source position read earlier. */
    ReconcileRun.StepTally runSteps(Trigger trigger, String commit, SourcePosition position, PlanStep... steps) {
        CommitInfo info = new CommitInfo(commit, "Ada <ada@example.com>", "change", Instant.EPOCH);
        GateVerdict verdict = gate.evaluate(source(), info);
        ReconcileRun.StepTally tally = new ReconcileRun.StepTally();
        new StepRunner(source(), trigger, services, new StepRecorder(services, SOURCE, info, trigger, verdict), tally)
                .run(List.of(steps), verdict, position);
        return tally;
    }

    static ResourceKey key(String name) {
        return new ResourceKey(ModelDeployment.KIND, NS, name);
    }

    static String deployment(String name, int replicas) {
        return deployment(name, replicas, List.of());
    }

    static String deployment(String name, int replicas, List<String> dependsOn) {
        String deps = dependsOn.isEmpty() ? "" : "  dependsOn: [" + String.join(", ",
                dependsOn.stream().map(d -> "ModelDeployment/" + NS + "/" + d).toList()) + "]\n";
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: %s}
                spec:
                  backend: %s
                  model: {uri: "hf://acme/%s"}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: L4-24GB, count: 1}}
                  replicas: %d
                """.formatted(name, NS, BACKEND, name, replicas) + deps;
    }

    /** Pushes one file per deployment, {@code name → replicas}. */
    String pushDeployments(String message, Map<String, Integer> replicas) {
        Map<String, String> files = new java.util.TreeMap<>();
        replicas.forEach((name, count) -> files.put("deploy/" + name + ".yaml", deployment(name, count)));
        return git.push(message, files);
    }

    TrackedResource status(String name) {
        return tracker.find(key(name)).orElseThrow();
    }

    /** Audit events, oldest first. */
    List<AuditEvent> auditEvents() {
        List<AuditEvent> events = new java.util.ArrayList<>(audit.find(AuditQuery.newest(1000)));
        java.util.Collections.reverse(events);
        return events;
    }

    /** "action name outcome" of every audit event, oldest first. */
    List<String> auditTrail() {
        return auditEvents().stream().map(e -> e.action() + " " + e.resource().name() + " " + e.outcome()).toList();
    }

    List<ReconcileFinished> finishedRuns() {
        return events.stream().filter(ReconcileFinished.class::isInstance).map(ReconcileFinished.class::cast).toList();
    }
}
