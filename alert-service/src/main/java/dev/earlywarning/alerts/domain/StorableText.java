package dev.earlywarning.alerts.domain;

/**
 * Whether text can be stored as it is: PostgreSQL refuses NUL, and an unpaired surrogate has no
 * UTF-8 form. The one check behind every bounded text field of this service.
 */
public final class StorableText {

    private StorableText() {
    }

    /**
     * True when the text holds a control character (line breaks and tabs allowed when
     * {@code allowLayout}) or an unpaired surrogate.
     */
    public static boolean unstorable(String value, boolean allowLayout) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(allowLayout && (c == '\n' || c == '\r' || c == '\t'))) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
