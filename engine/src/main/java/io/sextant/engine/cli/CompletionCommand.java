package io.sextant.engine.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code completion bash|zsh}: a shell completion script for a {@code sextant} command (a wrapper script or
 * shell function running {@code java -jar sextant.jar "$@"}): commands, options, output formats, and
 * resource names asked of the engine with {@code sextant get resources -o name} (with the engine and token
 * from the environment, as every command reads them).
 */
final class CompletionCommand {

    static final String USAGE = "usage: java -jar sextant.jar completion bash|zsh";

    static final String COMMANDS = "get describe history diff sync suspend resume wait plan validate completion help version";

    private static final String BASH = """
            # sextant bash completion: source <(sextant completion bash)
            # 'sextant' must be a command or function running java -jar sextant.jar "$@".
            _sextant() {
                local cur prev cmd
                cur="${COMP_WORDS[COMP_CWORD]}"
                prev="${COMP_WORDS[COMP_CWORD-1]}"
                cmd="${COMP_WORDS[1]}"
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "%s" -- "$cur"))
                    return
                fi
                case "$prev" in
                    -o|--output) COMPREPLY=($(compgen -W "table wide json yaml name" -- "$cur")); return ;;
                    --for) COMPREPLY=($(compgen -W "Synced Healthy condition=Ready condition=Stalled" -- "$cur")); return ;;
                    --server|--token-file|--timeout|--request-timeout|--reason|--limit|-n|--namespace|-l|--kind|--source) return ;;
                    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
                esac
                case "$cur" in
                    -*) COMPREPLY=($(compgen -W "--server --token-file --request-timeout --help -o --no-headers -n --kind -l --limit --source --wait --timeout --reason --for --all" -- "$cur")); return ;;
                esac
                case "$cmd" in
                    get) [ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "resources sources backends" -- "$cur")) ;;
                    describe|history|diff|wait|suspend|resume)
                        local names
                        names="$(sextant get resources -o name 2>/dev/null)"
                        case "$cmd" in suspend|resume) names="$names $(sextant get sources -o name 2>/dev/null)" ;; esac
                        COMPREPLY=($(compgen -W "$names" -- "$cur")) ;;
                esac
            }
            complete -F _sextant sextant
            """;

    private static final String ZSH = """
            #compdef sextant
            # sextant zsh completion: source <(sextant completion zsh)
            # 'sextant' must be a command or function running java -jar sextant.jar "$@".
            autoload -U +X bashcompinit && bashcompinit
            """;

    private CompletionCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() == 1 && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            out.println(USAGE + "\n\nPrints a completion script: source <(sextant completion bash).");
            return ExitCode.OK;
        }
        if (args.size() != 1 || !List.of("bash", "zsh").contains(args.get(0))) {
            err.println("sextant completion: name the shell: bash or zsh");
            err.println(USAGE);
            return ExitCode.ERROR;
        }
        String bash = BASH.formatted(COMMANDS);
        // zsh runs the bash function through bashcompinit rather than a second script to keep in step.
        out.print(args.get(0).equals("bash") ? bash : ZSH + bash);
        return ExitCode.OK;
    }
}
