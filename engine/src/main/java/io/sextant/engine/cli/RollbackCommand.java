package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code rollback KIND/NS/NAME [--to COMMIT]}: asks a running engine for a revert pull request (or a revert commit
 * on the watched branch, when the source is configured to push) and prints its URL. Exit 0 opened or pushed (or
 * accepted and being retried), 1 refused or error, 3 no such resource.
 */
final class RollbackCommand {

    static final String USAGE = "usage: java -jar sextant.jar rollback KIND/NS/NAME [--to COMMIT] [--server URL]"
            + " [--token TOKEN]";
    private static final String HELP = USAGE + "\n\n"
            + "Opens a pull request (GitLab: merge request) that restores the files defining the resource to their\n"
            + "content at COMMIT (default: its last good revision before the current one). Nothing changes in the\n"
            + "fleet until it is merged. Needs the operator or admin role on the namespace.\n"
            + "--server defaults to " + RolloutHttp.DEFAULT_SERVER + "; the token: --token or SEXTANT_TOKEN.\n"
            + "Exit status: 0 done, 1 error, 3 no such resource.";

    private RollbackCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        try {
            Arguments arguments = Arguments.parse(args, Set.of("server", "token", "to"));
            if (arguments.help()) {
                out.println(HELP);
                return 0;
            }
            if (arguments.operands().size() != 1) {
                throw new UsageException("name one resource as KIND/NAMESPACE/NAME");
            }
            String to = arguments.option("to");
            String path = "/api/v1/resources/" + RolloutHttp.resource(arguments.operands().get(0)) + "/rollback"
                    + (to == null ? "" : "?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
            RolloutHttp.Answer answer = new RolloutHttp(arguments, env).post(path);
            if (answer.exitCode() != RolloutHttp.OK) {
                err.println("sextant rollback: " + answer.detail());
                return answer.exitCode();
            }
            JsonNode body = answer.body();
            switch (body.path("state").asString("")) {
                case "opened" -> out.println((body.path("created").asBoolean() ? "opened " : "already open: ")
                        + body.path("url").asString() + " (branch " + body.path("branch").asString() + ")");
                case "pushed" -> out.println("pushed revert " + body.path("commit").asString() + " to "
                        + body.path("branch").asString());
                default -> out.println("accepted; the Git server or host failed and the engine retries at "
                        + body.path("nextAttemptAt").asString() + ": " + body.path("error").asString());
            }
            return RolloutHttp.OK;
        } catch (UsageException e) {
            err.println("sextant rollback: " + e.getMessage());
            err.println(USAGE);
            return RolloutHttp.ERROR;
        } catch (RolloutHttp.CallException e) {
            err.println("sextant rollback: " + e.getMessage());
            return RolloutHttp.ERROR;
        }
    }
}
