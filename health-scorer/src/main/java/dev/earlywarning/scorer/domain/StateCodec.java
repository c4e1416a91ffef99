package dev.earlywarning.scorer.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The compact binary form of one customer as the engine keeps it between events: its
 * {@link RelationshipState}, what the next assessment compares against ({@link #remembered}), and
 * the due time of its next timer in a fixed header, so a reload can schedule timers without
 * decoding anything.
 *
 * <p>Why: a million customers as Java object graphs took about 3.6 KB each on the heap; this form
 * takes a few hundred bytes, and the same bytes are what PostgreSQL stores, so a reload copies them
 * instead of parsing JSON. Strings are written once per snapshot (later uses refer back to the first)
 * and front-coded against the previous new string: event ids of one customer share long prefixes.
 *
 * <p>Layout ({@link #VERSION}): version byte, band of the remembered assessment (ordinal + 1, 0 for none), next timer (epoch seconds and nanos, seconds {@link Long#MIN_VALUE} for
 * none), then the
 * fields in declaration order. Enums are written by ordinal: a change to an enum's constants needs a
 * new {@link #VERSION}.
 */
public final class StateCodec {

    /**
     * 2: the tone and the end of the relationship after the recent scores, and the churn risk after the
     * remembered assessment (its probability and whether it stood above the alert line). Version 1 snapshots (stored before the risk model) are still read: no tone,
     * no end, no risk. 3: the date the contract next comes up for renewal and the last recovery from the
     * alert line, after the end; version 2 snapshots are read without them.
     */
    static final byte VERSION = 3;
    static final byte VERSION_2 = 2;
    static final byte VERSION_1 = 1;
    private static final int HEADER = 2 + Long.BYTES + Integer.BYTES;
    private static final long NO_TIMER = Long.MIN_VALUE;

    /** A decoded snapshot. */
    public record Decoded(RelationshipState state, HealthAssessment health, Instant nextTimer) {
    }

    private StateCodec() {
    }

    /**
     * What the engine keeps of an assessment: everything the next assessment and the churn-risk
     * detector compare against (score, band, each driver's rule, points, level and criticality), not
     * the explanation texts and evidence, which are published and stored with every assessment.
     */
    public static HealthAssessment remembered(HealthAssessment health) {
        if (health == null) {
            return null;
        }
        List<Driver> drivers = new ArrayList<>(health.drivers().size());
        for (Driver d : health.drivers()) {
            drivers.add(new Driver(d.rule(), d.points(), "", d.level(), List.of(), "", d.critical()));
        }
        Risk risk = health.risk() == null ? null
                : Risk.remembered(health.risk().probability(), health.risk().alerting());
        return new HealthAssessment(health.score(), health.band(), List.copyOf(drivers), health.confidence(),
                health.policyVersion(), health.assessedAt(), risk);
    }

    public static byte[] encode(RelationshipState state, HealthAssessment health, Instant nextTimer) {
        Writer w = new Writer();
        w.out.write(VERSION);
        w.enumValue(health == null ? null : health.band());
        w.fixedLong(nextTimer == null ? NO_TIMER : nextTimer.getEpochSecond());
        w.fixedInt(nextTimer == null ? 0 : nextTimer.getNano());
        w.string(state.segment());
        w.varLong(state.eventCount());
        w.instant(state.firstEventAt());
        w.instant(state.lastEventAt());
        w.list(state.recentEventIds(), w::string);
        RelationshipState.LastContact last = state.lastContact();
        w.bool(last != null);
        if (last != null) {
            w.string(last.eventId());
            w.instant(last.at());
            w.enumValue(last.channel());
            w.enumValue(last.outcome());
            w.enumValue(last.sentiment());
        }
        w.instant(state.lastPerceivedAt());
        w.list(state.efforts(), e -> {
            w.string(e.eventId());
            w.instant(e.at());
            w.varInt(e.score());
        });
        w.map(state.cases(), c -> {
            w.string(c.caseRef());
            w.list(c.eventIds(), w::string);
            w.list(c.contactTimes(), w::instant);
            w.list(c.channels(), w::enumValue);
            w.instant(c.lastAt());
        });
        w.list(state.waits(), x -> {
            w.string(x.eventId());
            w.instant(x.at());
            w.enumValue(x.channel());
            w.nullableInt(x.waitSeconds());
            w.bool(x.abandoned());
        });
        w.map(state.promises(), p -> {
            w.string(p.promiseId());
            w.instant(p.madeAt());
            w.instant(p.dueAt());
            w.enumValue(p.status());
            w.instant(p.settledAt());
            w.list(p.eventIds(), w::string);
        });
        w.map(state.complaints(), c -> {
            w.string(c.key());
            w.instant(c.openedAt());
            w.instant(c.resolvedAt());
            w.varInt(c.reopened());
            w.list(c.eventIds(), w::string);
        });
        w.list(state.outbound(), o -> {
            w.string(o.eventId());
            w.instant(o.at());
        });
        w.list(state.surveys(), s -> {
            w.string(s.eventId());
            w.instant(s.at());
            w.nullableInt(s.nps());
            w.nullableInt(s.csat());
        });
        w.list(state.exitMarks(), m -> {
            w.string(m.eventId());
            w.instant(m.at());
            w.enumValue(m.journey());
        });
        w.list(state.recentScores(), p -> {
            w.instant(p.at());
            w.varInt(p.score());
        });
        RelationshipState.Tone tone = state.tone();
        w.bool(tone != null);
        if (tone != null) {
            w.fixedLong(Double.doubleToLongBits(tone.negative()));
            w.fixedLong(Double.doubleToLongBits(tone.positive()));
            w.instant(tone.at());
        }
        w.instant(state.endedAt());
        w.instant(state.renewsAt());
        w.instant(state.recoveredAt());
        w.bool(health != null);
        if (health != null) {
            w.varInt(health.score());
            w.enumValue(health.band());
            w.list(health.drivers(), d -> {
                w.string(d.rule());
                w.fixedLong(Double.doubleToLongBits(d.points()));
                w.enumValue(d.level());
                w.bool(d.critical());
            });
            w.fixedLong(Double.doubleToLongBits(health.confidence()));
            w.string(health.policyVersion());
            w.instant(health.assessedAt());
            Risk risk = health.risk();
            w.bool(risk != null);
            if (risk != null) {
                // What the next assessment compares against: whether it stood above the line, and the
                // probability (to four decimals, as assessments report it) for reading it back.
                w.fixedInt(Float.floatToIntBits((float) risk.probability()));
                w.bool(risk.alerting());
            }
        }
        return w.out.toByteArray();
    }

    public static Decoded decode(String customerId, byte[] bytes) {
        Reader r = new Reader(bytes);
        byte version = bytes[0];
        if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
            throw new IllegalArgumentException("Unknown state snapshot version " + version + " of " + customerId);
        }
        Instant nextTimer = nextTimer(bytes);
        r.pos = HEADER;
        String segment = r.string();
        long eventCount = r.varLong();
        Instant first = r.instant();
        Instant lastAt = r.instant();
        List<String> recent = r.list(r::string);
        RelationshipState.LastContact last = r.bool() ? new RelationshipState.LastContact(r.string(), r.instant(),
                r.enumValue(ContactFact.Channel.values()), r.enumValue(ContactFact.Outcome.values()),
                r.enumValue(ContactFact.Sentiment.values())) : null;
        Instant perceived = r.instant();
        List<RelationshipState.Effort> efforts = r.list(() -> new RelationshipState.Effort(r.string(), r.instant(),
                r.varInt()));
        Map<String, RelationshipState.CaseTrack> cases = r.map(() -> new RelationshipState.CaseTrack(r.string(),
                r.list(r::string), r.list(r::instant), r.list(() -> r.enumValue(ContactFact.Channel.values())),
                r.instant()), RelationshipState.CaseTrack::caseRef);
        List<RelationshipState.Wait> waits = r.list(() -> new RelationshipState.Wait(r.string(), r.instant(),
                r.enumValue(ContactFact.Channel.values()), r.nullableInt(), r.bool()));
        Map<String, RelationshipState.Promise> promises = r.map(() -> new RelationshipState.Promise(r.string(),
                r.instant(), r.instant(), r.enumValue(RelationshipState.Promise.Status.values()), r.instant(),
                r.list(r::string)), RelationshipState.Promise::promiseId);
        Map<String, RelationshipState.Complaint> complaints = r.map(() -> new RelationshipState.Complaint(r.string(),
                r.instant(), r.instant(), r.varInt(), r.list(r::string)), RelationshipState.Complaint::key);
        List<RelationshipState.Outbound> outbound = r.list(() -> new RelationshipState.Outbound(r.string(),
                r.instant()));
        List<RelationshipState.Survey> surveys = r.list(() -> new RelationshipState.Survey(r.string(), r.instant(),
                r.nullableInt(), r.nullableInt()));
        List<RelationshipState.JourneyMark> exits = r.list(() -> new RelationshipState.JourneyMark(r.string(),
                r.instant(), r.enumValue(ContactFact.Journey.values())));
        List<RelationshipState.ScorePoint> scores = r.list(() -> new RelationshipState.ScorePoint(r.instant(),
                r.varInt()));
        RelationshipState.Tone tone = version != VERSION_1 && r.bool() ? new RelationshipState.Tone(
                Double.longBitsToDouble(r.fixedLong()), Double.longBitsToDouble(r.fixedLong()), r.instant()) : null;
        Instant endedAt = version == VERSION_1 ? null : r.instant();
        Instant renewsAt = version == VERSION ? r.instant() : null;
        Instant recoveredAt = version == VERSION ? r.instant() : null;
        HealthAssessment health = null;
        if (r.bool()) {
            int score = r.varInt();
            Band band = r.enumValue(Band.values());
            List<Driver> drivers = r.list(() -> new Driver(r.string(), Double.longBitsToDouble(r.fixedLong()), "",
                    r.enumValue(Level.values()), List.of(), "", r.bool()));
            double confidence = Double.longBitsToDouble(r.fixedLong());
            String policyVersion = r.string();
            Instant assessedAt = r.instant();
            Risk risk = version != VERSION_1 && r.bool() ? Risk.remembered(
                    Math.round(Float.intBitsToFloat((int) r.fixedInt()) * 10_000) / 10_000.0, r.bool()) : null;
            health = new HealthAssessment(score, band, drivers, confidence, policyVersion, assessedAt, risk);
        }
        RelationshipState state = new RelationshipState(customerId, segment, eventCount, first, lastAt, recent, last,
                perceived, efforts, cases, waits, promises, complaints, outbound, surveys, exits, scores, tone, endedAt,
                renewsAt, recoveredAt);
        return new Decoded(state, health, nextTimer);
    }

    /** The band of the remembered assessment, read from the header alone. */
    public static java.util.Optional<Band> band(byte[] bytes) {
        return bytes[1] == 0 ? java.util.Optional.empty() : java.util.Optional.of(Band.values()[bytes[1] - 1]);
    }

    /** The next timer's due time, read from the header alone. */
    public static Instant nextTimer(byte[] bytes) {
        Reader r = new Reader(bytes);
        r.pos = 2;
        long seconds = r.fixedLong();
        int nanos = (int) r.fixedInt();
        return seconds == NO_TIMER ? null : Instant.ofEpochSecond(seconds, nanos);
    }

    /**
     * A growable byte buffer without locks: ByteArrayOutputStream synchronises every byte written,
     * which made a fifth of the scorer's CPU in the scoring benchmark (profiled with JFR).
     */
    private static final class Bytes {
        private byte[] buf = new byte[384];
        private int size;

        void write(int b) {
            if (size == buf.length) {
                buf = java.util.Arrays.copyOf(buf, buf.length << 1);
            }
            buf[size++] = (byte) b;
        }

        void write(byte[] bytes, int offset, int length) {
            if (size + length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length << 1, size + length));
            }
            System.arraycopy(bytes, offset, buf, size, length);
            size += length;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, size);
        }
    }

    private static final class Writer {
        final Bytes out = new Bytes();
        final Map<String, Integer> seen = new HashMap<>();
        byte[] previous = new byte[0];

        void fixedLong(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }

        void fixedInt(int value) {
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write(value >>> shift);
            }
        }

        void varLong(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }

        void varInt(int value) {
            varLong(((value << 1) ^ (value >> 31)) & 0xFFFFFFFFL);
        }

        void nullableInt(Integer value) {
            bool(value != null);
            if (value != null) {
                varInt(value);
            }
        }

        void bool(boolean value) {
            out.write(value ? 1 : 0);
        }

        void enumValue(Enum<?> value) {
            out.write(value == null ? 0 : value.ordinal() + 1);
        }

        /** Null as 0; else epoch seconds zig-zagged plus one, then the nanoseconds. */
        void instant(Instant at) {
            if (at == null) {
                varLong(0);
                return;
            }
            long seconds = at.getEpochSecond();
            varLong(((seconds << 1) ^ (seconds >> 63)) + 1);
            varLong(at.getNano());
        }

        /** 0 = null; odd = the (n >> 1)-th string already written; even = a new string, front-coded. */
        void string(String value) {
            if (value == null) {
                varLong(0);
                return;
            }
            Integer index = seen.get(value);
            if (index != null) {
                varLong(((long) index << 1) | 1);
                return;
            }
            seen.put(value, seen.size());
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            int limit = Math.min(bytes.length, previous.length);
            while (shared < limit && bytes[shared] == previous[shared]) {
                shared++;
            }
            varLong((long) (bytes.length + 1) << 1);
            varLong(shared);
            out.write(bytes, shared, bytes.length - shared);
            previous = bytes;
        }

        <T> void list(List<T> items, java.util.function.Consumer<T> item) {
            varLong(items.size());
            items.forEach(item);
        }

        <T> void map(Map<String, T> items, java.util.function.Consumer<T> value) {
            varLong(items.size());
            items.values().forEach(value);
        }
    }

    private static final class Reader {
        final byte[] in;
        int pos;
        final List<String> strings = new ArrayList<>();
        byte[] previous = new byte[0];

        Reader(byte[] in) {
            this.in = in;
        }

        long fixedLong() {
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value = (value << 8) | (in[pos++] & 0xFF);
            }
            return value;
        }

        long fixedInt() {
            long value = 0;
            for (int i = 0; i < Integer.BYTES; i++) {
                value = (value << 8) | (in[pos++] & 0xFF);
            }
            return value;
        }

        long varLong() {
            long value = 0;
            int shift = 0;
            byte b;
            do {
                b = in[pos++];
                value |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            return value;
        }

        int varInt() {
            long raw = varLong();
            return (int) (raw >>> 1) ^ -(int) (raw & 1);
        }

        Integer nullableInt() {
            return bool() ? varInt() : null;
        }

        boolean bool() {
            return in[pos++] != 0;
        }

        <E extends Enum<E>> E enumValue(E[] values) {
            int ordinal = in[pos++];
            return ordinal == 0 ? null : values[ordinal - 1];
        }

        Instant instant() {
            long raw = varLong();
            if (raw == 0) {
                return null;
            }
            long zigzag = raw - 1;
            return Instant.ofEpochSecond((zigzag >>> 1) ^ -(zigzag & 1), varLong());
        }

        String string() {
            long tag = varLong();
            if (tag == 0) {
                return null;
            }
            if ((tag & 1) == 1) {
                return strings.get((int) (tag >>> 1));
            }
            int length = (int) (tag >>> 1) - 1;
            int shared = (int) varLong();
            byte[] bytes = new byte[length];
            System.arraycopy(previous, 0, bytes, 0, shared);
            System.arraycopy(in, pos, bytes, shared, length - shared);
            pos += length - shared;
            previous = bytes;
            String value = new String(bytes, StandardCharsets.UTF_8);
            strings.add(value);
            return value;
        }

        <T> List<T> list(java.util.function.Supplier<T> item) {
            int size = (int) varLong();
            if (size == 0) {
                return List.of();
            }
            List<T> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(item.get());
            }
            return List.copyOf(items);
        }

        /** Maps come back as the domain builds them: sorted by key (see RelationshipState#track). */
        <T> Map<String, T> map(java.util.function.Supplier<T> value, Function<T, String> key) {
            int size = (int) varLong();
            if (size == 0) {
                return Map.of();
            }
            TreeMap<String, T> items = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                T item = value.get();
                items.put(key.apply(item), item);
            }
            return Collections.unmodifiableMap(items);
        }
    }

}
