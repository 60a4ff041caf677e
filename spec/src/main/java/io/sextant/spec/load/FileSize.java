package io.sextant.spec.load;

import java.util.Locale;

/** A size in bytes as a person reads it: {@code 4 MiB}, {@code 30.5 MiB (31981568 bytes)}, {@code 812 bytes}. */
final class FileSize {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    private FileSize() {
    }

    static String text(long bytes) {
        if (bytes >= MIB) {
            return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(Locale.ROOT, "%.1f MiB (%d bytes)", (double) bytes / MIB, bytes);
        }
        if (bytes >= KIB) {
            return bytes % KIB == 0 ? bytes / KIB + " KiB" : String.format(Locale.ROOT, "%.1f KiB (%d bytes)", (double) bytes / KIB, bytes);
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
