package dev.quire.app;

import java.time.Duration;
import java.util.Locale;

/**
 * Writes a record's default value as an operator would type it, for {@link Settings}: the text goes through the
 * setting's parser like any other, so it must read back as the same value ({@code SettingsDefaultsTest}).
 */
final class DefaultTexts {

    private DefaultTexts() {
    }

    /** {@code 1MiB}, {@code 64KiB}, or plain bytes: the largest binary unit the size is a whole number of. */
    static String size(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << (10 * (units.length - i));
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * {@code 10s}, {@code 30d}: the largest unit the duration is a whole number of, but {@code 24h} and {@code 60s}
     * rather than {@code 1d} and {@code 1m}, as they read more plainly.
     */
    static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long count = millis / 1000;
        String unit = "s";
        String[] larger = {"m", "h", "d"};
        long[] factor = {60, 60, 24};
        for (int i = 0; i < larger.length && count % factor[i] == 0 && count / factor[i] > 1; i++) {
            count /= factor[i];
            unit = larger[i];
        }
        return count + unit;
    }

    /** A count; refuses a fraction, which no count setting can take. */
    static String whole(double n) {
        if (n != Math.rint(n) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("not a whole number: " + n);
        }
        return Long.toString((long) n);
    }

    /** An enum constant's name in lower case ({@code text}, {@code info}). */
    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
