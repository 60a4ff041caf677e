package io.sextant.engine.webhook;

/**
 * Makes text from a request safe to log and echo: anyone can send a webhook, so its header and
 * payload values could otherwise forge log lines (CR/LF) or flood the log.
 */
final class Logs {

    private static final int MAX = 120;

    private Logs() {
    }

    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX));
        for (int i = 0; i < value.length() && out.length() < MAX; i++) {
            char c = value.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return value.length() > MAX ? out + "..." : out.toString();
    }

    static String shortSha(String sha) {
        return sha == null ? "-" : safe(sha.length() > 7 ? sha.substring(0, 7) : sha);
    }
}
