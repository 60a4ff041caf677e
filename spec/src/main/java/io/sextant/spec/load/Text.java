package io.sextant.spec.load;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Turns a file's bytes into text, or says precisely why they are not text. Without a byte order mark
 * a file must be UTF-8; a NUL byte in its first 8000 bytes makes it binary, the test Git itself uses
 * (so {@code git diff} shows such a file as "Binary files differ" too). Decoding is strict: a byte
 * that is not valid UTF-8 is an error at its line, column and offset, never a replacement character
 * that would silently change a value.
 */
final class Text {

    /** How far Git looks for a NUL byte to call a file binary ({@code FIRST_FEW_BYTES} in Git's xdiff). */
    static final int BINARY_SNIFF_BYTES = 8000;

    private Text() {
    }

    /** The decoded text (without byte order mark), or the problem that stopped decoding. */
    record Decoded(String text, Problem problem) {}

    private record Encoding(Charset charset, int bomLength, String name) {}

    static Decoded decode(byte[] content) {
        Encoding encoding = encoding(content);
        if (encoding.bomLength() == 0) {
            for (int i = 0; i < Math.min(content.length, BINARY_SNIFF_BYTES); i++) {
                if (content[i] == 0) {
                    return new Decoded(null, new Problem(0, "", "binary file (a NUL byte at offset " + i
                            + "): specs are YAML text, UTF-8 or UTF-16/32 with a byte order mark"));
                }
            }
        }
        CharsetDecoder decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, encoding.bomLength(), content.length - encoding.bomLength());
        // A UTF decoder never makes more chars than it reads bytes, so the buffer cannot overflow.
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            return new Decoded(null, invalid(encoding, content, in.position(), result.length(), out.flip()));
        }
        String text = out.flip().toString();
        return new Decoded(text, unprintable(text));
    }

    /**
     * The first character YAML does not allow (YAML 1.1 c-printable), found here rather than by SnakeYAML's
     * reader, which checks a buffer ahead and so reports a line up to a thousand characters early.
     */
    private static Problem unprintable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!printable(c)) {
                int[] at = position(text, i);
                return new Problem(at[0], "", "invalid YAML: special characters are not allowed (U+"
                        + String.format(java.util.Locale.ROOT, "%04X", c) + " at column " + at[1] + ")");
            }
            i += Character.charCount(c);
        }
        return null;
    }

    private static boolean printable(int c) {
        return c >= 0x20 && c <= 0x7E || c == 0x9 || c == 0xA || c == 0xD || c == 0x85
                || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }

    /** 1-based line and column of the character at {@code index}. */
    private static int[] position(CharSequence text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static Encoding encoding(byte[] b) {
        if (starts(b, 0xEF, 0xBB, 0xBF)) {
            return new Encoding(StandardCharsets.UTF_8, 3, "UTF-8");
        }
        if (starts(b, 0x00, 0x00, 0xFE, 0xFF)) {
            return new Encoding(Charset.forName("UTF-32BE"), 4, "UTF-32");
        }
        if (starts(b, 0xFF, 0xFE, 0x00, 0x00)) {
            return new Encoding(Charset.forName("UTF-32LE"), 4, "UTF-32");
        }
        if (starts(b, 0xFE, 0xFF)) {
            return new Encoding(StandardCharsets.UTF_16BE, 2, "UTF-16");
        }
        if (starts(b, 0xFF, 0xFE)) {
            return new Encoding(StandardCharsets.UTF_16LE, 2, "UTF-16");
        }
        return new Encoding(StandardCharsets.UTF_8, 0, "UTF-8");
    }

    private static boolean starts(byte[] content, int... prefix) {
        if (content.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((content[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where decoding stopped: the line and column from the text decoded before it, the offset in the file. */
    private static Problem invalid(Encoding encoding, byte[] content, int offset, int length, CharBuffer before) {
        int[] at = position(before, before.limit());
        int shown = Math.min(length, content.length - offset);
        StringBuilder bytes = new StringBuilder();
        for (int i = offset; i < offset + shown; i++) {
            bytes.append(bytes.isEmpty() ? "" : " ").append("0x").append(HexFormat.of().withUpperCase().toHexDigits(content[i]));
        }
        String hint = encoding.bomLength() == 0 ? " (UTF-16 and UTF-32 need a byte order mark)" : "";
        return new Problem(at[0], "", "not " + encoding.name() + " text: invalid byte" + (shown > 1 ? "s " : " ") + bytes
                + " at column " + at[1] + " (byte offset " + offset + ")" + hint);
    }
}
