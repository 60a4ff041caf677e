package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code rollout status [KIND/NS/NAME]}, {@code rollout promote KIND/NS/NAME}, {@code rollout abort KIND/NS/NAME}
 * against a running engine. Exit 0 done, 1 error (refused, unreachable, wrong usage), 3 no such rollout.
 */
final class RolloutCommand {

    static final String USAGE = "usage: java -jar sextant.jar rollout status [KIND/NS/NAME] | promote KIND/NS/NAME"
            + " | abort KIND/NS/NAME [--server URL] [--token TOKEN]";
    private static final String HELP = USAGE + "\n\n"
            + "status lists every rollout (phase, step, canary weight, revisions), or shows one with its analyses'\n"
            + "failed measurements. promote skips the remaining steps; abort returns traffic to stable as a failed\n"
            + "analysis does. Both need the operator or admin role on the namespace.\n"
            + "--server defaults to " + RolloutHttp.DEFAULT_SERVER + "; the token: --token or SEXTANT_TOKEN.\n"
            + "Exit status: 0 done, 1 error, 3 no such rollout.";

    private RolloutCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            Arguments arguments = Arguments.parse(args, Set.of("server", "token"));
            if (arguments.help()) {
                out.println(HELP);
                return 0;
            }
            List<String> operands = arguments.operands();
            String verb = operands.isEmpty() ? "" : operands.get(0);
            RolloutHttp http = new RolloutHttp(arguments, env);
            if (verb.equals("status") && operands.size() <= 2) {
                return operands.size() == 1 ? list(http, out)
                        : one(http, RolloutHttp.resource(operands.get(1)), out, err);
            }
            if ((verb.equals("promote") || verb.equals("abort")) && operands.size() == 2) {
                RolloutHttp.Answer answer = http.post("/api/v1/rollouts/" + RolloutHttp.resource(operands.get(1))
                        + "/" + verb);
                if (answer.exitCode() != RolloutHttp.OK) {
                    err.println("sextant rollout " + verb + ": " + answer.detail());
                    return answer.exitCode();
                }
                out.println(line(answer.body()));
                return RolloutHttp.OK;
            }
            throw new UsageException(verb.isEmpty() ? "say status, promote or abort"
                    : "unexpected arguments: " + String.join(" ", operands));
        } catch (UsageException e) {
            err.println("sextant rollout: " + e.getMessage());
            err.println(USAGE);
            return RolloutHttp.ERROR;
        } catch (RolloutHttp.CallException e) {
            err.println("sextant rollout: " + e.getMessage());
            return RolloutHttp.ERROR;
        }
    }

    private static int list(RolloutHttp http, PrintStream out) throws RolloutHttp.CallException {
        RolloutHttp.Answer answer = http.get("/api/v1/rollouts");
        if (answer.exitCode() != RolloutHttp.OK) {
            out.println(answer.detail());
            return answer.exitCode();
        }
        if (answer.body().path("items").isEmpty()) {
            out.println("no rollouts");
        }
        answer.body().path("items").forEach(item -> out.println(line(item)));
        return RolloutHttp.OK;
    }

    private static int one(RolloutHttp http, String ref, PrintStream out, PrintStream err)
            throws RolloutHttp.CallException {
        RolloutHttp.Answer answer = http.get("/api/v1/rollouts/" + ref);
        if (answer.exitCode() != RolloutHttp.OK) {
            err.println("sextant rollout status: " + answer.detail());
            return answer.exitCode();
        }
        JsonNode rollout = answer.body().path("rollout");
        out.println(line(rollout));
        out.println("  stable " + rollout.path("stableRevision").asString("") + "  canary "
                + rollout.path("canaryRevision").asString(""));
        if (!rollout.path("message").asString("").isEmpty()) {
            out.println("  " + rollout.path("message").asString());
        }
        JsonNode rollback = rollout.path("rollback");
        if (rollback.isObject()) {
            out.println("  rollback " + rollback.path("state").asString("") + " "
                    + rollback.path("url").asString(rollback.path("error").asString("")));
        }
        for (JsonNode run : answer.body().path("analyses")) {
            out.println("  analysis " + run.path("id").asString() + " " + run.path("phase").asString());
            for (JsonNode m : run.path("measurements")) {
                if (m.path("verdict").asString("").equals("FAILED")) {
                    out.println("    FAILED " + m.path("metric").asString() + " (" + m.path("condition").asString()
                            + ") at " + m.path("time").asString() + ": canary " + m.path("canary").asString("-")
                            + ", stable " + m.path("stable").asString("-"));
                }
            }
        }
        return RolloutHttp.OK;
    }

    /** {@code ModelDeployment/search/llama  RUNNING  step 2/4  weight 20%  abc1234 → def5678}. */
    static String line(JsonNode r) {
        String steps = r.path("steps").isNumber() ? "/" + r.path("steps").asInt() : "";
        return r.path("kind").asString() + "/" + r.path("namespace").asString() + "/" + r.path("name").asString()
                + "  " + r.path("phase").asString() + "  step " + r.path("step").asInt() + steps + "  weight "
                + r.path("canaryWeight").asInt() + "%  " + abbrev(r.path("stableRevision").asString(""))
                + " → " + abbrev(r.path("canaryRevision").asString(""));
    }

    private static String abbrev(String commit) {
        return commit.substring(0, Math.min(7, commit.length()));
    }
}
