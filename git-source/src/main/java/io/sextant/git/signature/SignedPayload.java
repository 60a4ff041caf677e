package io.sextant.git.signature;

import java.nio.charset.StandardCharsets;

/**
 * A raw commit split as {@code git verify-commit} splits it: the {@code gpgsig} header holds the
 * signature (continuation lines start with a space), and the signature covers the commit object
 * without that header.
 *
 * @param data      the signed bytes: the commit object with the {@code gpgsig} header removed
 * @param signature the armoured signature, lines joined with {@code \n}
 */
record SignedPayload(byte[] data, String signature) {

    private static final byte[] HEADER = "gpgsig ".getBytes(StandardCharsets.US_ASCII);

    /** The payload of a raw commit object, or null when it has no {@code gpgsig} header. */
    static SignedPayload of(byte[] commit) {
        int line = 0;
        // Headers end at the first empty line; the message after it may quote anything.
        while (line < commit.length && commit[line] != '\n') {
            int end = lineEnd(commit, line);
            if (startsWith(commit, line, HEADER)) {
                StringBuilder signature = new StringBuilder(text(commit, line + HEADER.length, end));
                while (end + 1 < commit.length && commit[end + 1] == ' ') {
                    int next = lineEnd(commit, end + 1);
                    signature.append('\n').append(text(commit, end + 2, next));
                    end = next;
                }
                int cut = Math.min(end + 1, commit.length);
                byte[] data = new byte[commit.length - (cut - line)];
                System.arraycopy(commit, 0, data, 0, line);
                System.arraycopy(commit, cut, data, line, commit.length - cut);
                return new SignedPayload(data, signature.append('\n').toString());
            }
            line = end + 1;
        }
        return null;
    }

    /** Index of the {@code \n} ending the line that starts at {@code from}, or the length when none. */
    private static int lineEnd(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (at + prefix.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes, int from, int to) {
        return from >= to ? "" : new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }
}
