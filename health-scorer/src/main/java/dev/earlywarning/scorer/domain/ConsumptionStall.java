package dev.earlywarning.scorer.domain;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether consumption has stopped while there is work: no batch scored for longer than the
 * timeout while an owned partition's log holds records beyond what was scored. An idle scorer with
 * nothing to read is not stalled; a busy one is not either.
 */
public final class ConsumptionStall {

    private ConsumptionStall() {
    }

    /** The lag of each owned partition that has records beyond the scored offset; empty when not stalled. */
    public static Map<Integer, Long> lagWhileStalled(Duration sinceProgress, Duration timeout,
                                                     Map<Integer, Long> scoredNext, Map<Integer, Long> logEnd) {
        Map<Integer, Long> lag = new TreeMap<>();
        if (sinceProgress.compareTo(timeout) <= 0) {
            return lag;
        }
        logEnd.forEach((partition, end) -> {
            long next = scoredNext.getOrDefault(partition, 0L);
            if (end > next) {
                lag.put(partition, end - next);
            }
        });
        return lag;
    }
}
