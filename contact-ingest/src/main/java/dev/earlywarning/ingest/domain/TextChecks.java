package dev.earlywarning.ingest.domain;

/** Character checks for text that must survive PostgreSQL (no NUL) and UTF-8 (no lone surrogates). */
final class TextChecks {

    private TextChecks() {
    }

    /** Index of the first control character (C0, DEL, C1), or -1; {@code allowLayout} permits tab, LF, CR. */
    static int firstControl(String value, boolean allowLayout) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(allowLayout && (c == '\t' || c == '\n' || c == '\r'))) {
                return i;
            }
        }
        return -1;
    }

    /** True when every surrogate is part of a pair, so the text has a UTF-8 form. */
    static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static String describe(char c) {
        return String.format("U+%04X", (int) c);
    }
}
