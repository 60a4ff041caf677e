package io.sextant.engine.rollout;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a person may do to a running rollout: promote it now (the remaining steps skipped) or abort it now (as a
 * failed analysis does). Each runs under the same lock as the timer's steps, so it never races a step.
 */
final class RolloutCommands {

    /** How a command ended; the API answers {@code status} with {@code detail}. */
    record Result(int status, String detail) {
        boolean ok() {
            return status == 200;
        }
    }

    private final RolloutController controller;

    RolloutCommands(RolloutController controller) {
        this.controller = controller;
    }

    Result promote(ResourceKey key, AuditEvent.Actor actor) {
        return run(key, (state, change) -> {
            if (state.analysisId() != null) {
                controller.analyses().cancel(state.analysisId());
            }
            controller.actions().promote(state, change, actor);
            controller.store().save(state.ended(RolloutState.Phase.PROMOTED, 100, "promoted by " + name(actor)));
            controller.metrics().ended("promoted");
            controller.metrics().refresh(controller.store().all());
            return new Result(200, "rollout of " + state.shortCanary() + " promoted");
        });
    }

    Result abort(ResourceKey key, AuditEvent.Actor actor) {
        return run(key, (state, change) -> {
            String why = "rollout of " + state.shortCanary() + " aborted by " + name(actor);
            controller.abort(state, change, why, actor, List.of());
            return new Result(200, why);
        });
    }

    private interface Command {
        Result on(RolloutState state, Change change) throws BackendException;
    }

    private Result run(ResourceKey key, Command command) {
        RolloutState listed = controller.store().find(key).orElse(null);
        if (listed == null) {
            return new Result(404, "no rollout of " + key);
        }
        AtomicReference<Result> result = new AtomicReference<>();
        boolean ran = controller.exclusive().run(key.toString(), () -> {
            RolloutState state = controller.store().find(key).orElseThrow();
            Change change = controller.change(key).filter(c -> c.desired().revision()
                    .equals(state.canaryRevision())).orElse(null);
            if (state.phase() != RolloutState.Phase.RUNNING && state.phase() != RolloutState.Phase.PAUSED) {
                result.set(new Result(409, "the rollout of " + key + " is not running: it is "
                        + state.phase().name().toLowerCase(java.util.Locale.ROOT)));
            } else if (change == null) {
                result.set(new Result(409, "the rollout of " + key + " waits for the engine's first reconcile since"
                        + " it started; try again after it"));
            } else {
                try {
                    result.set(command.on(state, change));
                } catch (BackendException e) {
                    result.set(new Result(409, "backend " + state.backend() + " refused: " + e.getMessage()));
                }
            }
        });
        return ran ? result.get() : new Result(409, "another engine replica is moving the rollout of " + key
                + " now; try again");
    }

    static String name(AuditEvent.Actor actor) {
        if (actor == null) {
            return "the admin token";
        }
        return actor.email() != null ? actor.email() : actor.subject();
    }
}
