package dev.earlywarning.simulator;

/** How an experience felt to the customer (the truth; what systems record of it is noisier). */
public enum Valence {
    NEGATIVE, NEUTRAL, POSITIVE;

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
