package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The command line that starts a serving engine in a container, built from the spec's runtime: the
 * engine's own flags for model, served name and port, then every {@code runtime.args} entry as
 * {@code --key value} in key order (so the same spec always gives the same pod template).
 *
 * @param command    the container command (overrides the image's entrypoint, so the line is explicit)
 * @param args       the container arguments
 * @param port       the port the engine listens on
 * @param healthPath the readiness endpoint
 */
record EngineCommand(List<String> command, List<String> args, int port, String healthPath) {

    /** Engines this backend can start in a container. */
    static final Set<String> ENGINES = Set.of("vllm", "sglang", "tgi", "triton");

    static final int DEFAULT_PORT = 8000;

    /**
     * @param model the model as the engine reads it (a Hugging Face id or a path), from {@link ModelSource}
     * @throws IllegalArgumentException for an engine not in {@link #ENGINES} ({@code check} reports it first)
     */
    static EngineCommand of(ModelDeployment.Spec spec, String model) {
        Map<String, Object> user = new TreeMap<>(spec.runtime().args());
        int port = port(user);
        String served = spec.model().servedName();
        String revision = spec.model().revision();
        Map<String, Object> own = new LinkedHashMap<>();
        List<String> command;
        List<String> lead = new ArrayList<>();
        String health = "/health";
        boolean equalsForm = false;
        switch (spec.runtime().engine()) {
            case "vllm" -> {
                command = List.of("vllm", "serve");
                lead.add(model);
                own.put("served-model-name", served);
                own.put("host", "0.0.0.0");
                own.put("port", port);
                own.put("revision", revision);
            }
            case "sglang" -> {
                command = List.of("python3", "-m", "sglang.launch_server");
                own.put("model-path", model);
                own.put("served-model-name", served);
                own.put("host", "0.0.0.0");
                own.put("port", port);
                own.put("revision", revision);
            }
            case "tgi" -> {
                command = List.of("text-generation-launcher");
                own.put("model-id", model);
                own.put("hostname", "0.0.0.0");
                own.put("port", port);
                own.put("revision", revision);
            }
            case "triton" -> {
                command = List.of("tritonserver");
                own.put("model-repository", model);
                own.put("http-port", port);
                health = "/v2/health/ready";
                equalsForm = true;
            }
            default -> throw new IllegalArgumentException("no container command for engine '"
                    + spec.runtime().engine() + "'");
        }
        // A flag the spec sets itself wins over the default above.
        user.keySet().forEach(own::remove);
        own.putAll(user);
        List<String> args = new ArrayList<>(lead);
        for (Map.Entry<String, Object> flag : own.entrySet()) {
            addFlag(args, flag.getKey(), flag.getValue(), equalsForm);
        }
        return new EngineCommand(command, List.copyOf(args), port, health);
    }

    private static void addFlag(List<String> args, String key, Object value, boolean equalsForm) {
        if (value == null) {
            return;
        }
        String flag = "--" + key;
        if (value instanceof Boolean on && !equalsForm) {
            // vLLM, SGLang and TGI take switches: present means on.
            if (on) {
                args.add(flag);
            }
            return;
        }
        String text = value instanceof Double || value instanceof Float
                ? BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
        if (equalsForm) {
            args.add(flag + "=" + text);
        } else {
            args.add(flag);
            args.add(text);
        }
    }

    /** The serving port: {@code runtime.args.port} (or {@code http-port} for Triton) when given as a number. */
    private static int port(Map<String, Object> args) {
        for (String key : List.of("port", "http-port")) {
            Object value = args.get(key);
            if (value instanceof Number number && number.intValue() > 0 && number.intValue() < 65536) {
                return number.intValue();
            }
            if (value instanceof String text && text.matches("\\d{1,5}")) {
                return Integer.parseInt(text);
            }
        }
        return DEFAULT_PORT;
    }
}
