package dev.earlywarning.alerts.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Live-stream connections per client (token subject) on this instance: each holds a database poll,
 * so one client cannot take them all.
 */
@ApplicationScoped
public class StreamSeats {

    /** The client holds as many streams as it may. */
    public static class Full extends RuntimeException {
        public Full(String client, int max) {
            super("'" + client + "' already holds " + max + " live streams (alerts.stream.max-per-client); "
                    + "close one first");
        }
    }

    private final int max;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    public StreamSeats(AlertsConfig config) {
        this.max = config.stream().maxPerClient();
    }

    /** Takes a seat for {@code client}, or throws {@link Full}. */
    public void take(String client) {
        boolean[] taken = {false};
        held.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= max) {
                return now;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw new Full(client, max);
        }
    }

    public void release(String client) {
        held.computeIfPresent(client, (c, n) -> n <= 1 ? null : n - 1);
    }

    public int held(String client) {
        return held.getOrDefault(client, 0);
    }
}
