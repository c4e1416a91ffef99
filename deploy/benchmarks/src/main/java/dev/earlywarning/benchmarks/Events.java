package dev.earlywarning.benchmarks;

import dev.earlywarning.simulator.ContactEvent;
import dev.earlywarning.simulator.CustomerHistory;
import dev.earlywarning.simulator.Output;
import dev.earlywarning.simulator.SimulationConfig;
import dev.earlywarning.simulator.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Realistic request bodies from the simulator. Each body gets a fresh event id, so nothing is
 * refused as a duplicate however long a run is: the JSON after the id is kept and the id prefixed.
 */
final class Events {

    private final String[] afterId;
    private final String runId;
    private final List<ContactEvent> events;

    private Events(String[] afterId, String runId, List<ContactEvent> events) {
        this.afterId = afterId;
        this.runId = runId;
        this.events = events;
    }

    /** Events of {@code customers} simulated customers' last {@code days} days, ending now. */
    static Events simulated(int customers, int days, String runId) {
        SimulationConfig config = SimulationConfig.defaults().withCustomers(customers)
                .withPeriod(Instant.now().minus(Duration.ofDays(days + 1)).truncatedTo(ChronoUnit.SECONDS), days);
        List<CustomerHistory> population = new Simulator(config).population(true).toList();
        List<ContactEvent> events = Output.timeOrdered(population, Duration.ZERO);
        String[] afterId = new String[events.size()];
        for (int i = 0; i < afterId.length; i++) {
            String json = Output.json(events.get(i));
            String id = events.get(i).eventId();
            // {"eventId":"<id>",... -> keep what follows the id's closing quote.
            afterId[i] = json.substring(json.indexOf(id) + id.length() + 1);
        }
        return new Events(afterId, runId, events);
    }

    /** The same events under another run id (fresh event and customer ids). */
    Events withRun(String otherRunId) {
        return new Events(afterId, otherRunId, events);
    }

    int size() {
        return afterId.length;
    }

    /** Event number {@code n}, with an id unique to this run. */
    String event(long n) {
        return "{\"eventId\":\"" + runId + "-" + n + "\"" + afterId[(int) (n % afterId.length)];
    }

    /**
     * Event number {@code n} as live traffic: happening now (promise due times moved along), and on a
     * customer of its own per pass through the population, as a stream of new contacts would be.
     */
    String live(long n) {
        ContactEvent e = events.get((int) (n % events.size()));
        Instant now = Instant.now();
        Duration shift = Duration.between(e.occurredAt(), now);
        return Output.json(new ContactEvent(runId + "-" + n, e.customerId() + "-" + runId + "-" + n / events.size(),
                now, e.segment(), e.sourceSystem(), e.type(), e.channel(), e.direction(), e.perceived(), e.journey(),
                e.caseRef(), e.outcome(), e.waitSeconds(), e.sentiment(), e.effortScore(), e.nps(), e.csat(),
                e.promiseId(), e.promiseDueAt() == null ? null : e.promiseDueAt().plus(shift), null, null));
    }

    /** {@code count} events from number {@code first} on, as a JSON array. */
    String batch(long first, int count) {
        StringBuilder body = new StringBuilder(count * 420).append('[');
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(event(first + i));
        }
        return body.append(']').toString();
    }

    double averageBytes() {
        long total = 0;
        int sample = Math.min(afterId.length, 10_000);
        for (int i = 0; i < sample; i++) {
            total += event(i).length();
        }
        return total / (double) sample;
    }
}
