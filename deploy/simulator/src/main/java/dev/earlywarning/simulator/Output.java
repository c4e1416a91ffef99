package dev.earlywarning.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The population as files: events in time order, and the ground truth apart from them. */
public final class Output {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Output() {
    }

    /**
     * All events of the population in event-time order (ties: by customer, then as generated), the
     * outcomes (a churner's {@code relationship_ended}) among them: what the organisation's systems send.
     */
    public static List<ContactEvent> timeOrdered(List<CustomerHistory> customers, Duration shift) {
        List<ContactEvent> all = new ArrayList<>();
        for (CustomerHistory customer : customers) {
            for (ContactEvent event : customer.events()) {
                all.add(shift.isZero() ? event : shifted(event, shift));
            }
            for (ContactEvent event : customer.outcomes()) {
                all.add(shift.isZero() ? event : shifted(event, shift));
            }
        }
        all.sort(Comparator.comparing(ContactEvent::occurredAt));
        return all;
    }

    static ContactEvent shifted(ContactEvent e, Duration shift) {
        return new ContactEvent(e.eventId(), e.customerId(), e.occurredAt().plus(shift), e.segment(), e.sourceSystem(),
                e.type(), e.channel(), e.direction(), e.perceived(), e.journey(), e.caseRef(), e.outcome(),
                e.waitSeconds(), e.sentiment(), e.effortScore(), e.nps(), e.csat(), e.promiseId(),
                e.promiseDueAt() == null ? null : e.promiseDueAt().plus(shift), e.reason(),
                e.effectiveAt() == null ? null : e.effectiveAt().plus(shift));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes events.jsonl (outcomes among them), outcomes.csv, ground-truth.jsonl and the config they came
     * from into {@code dir}.
     */
    public static void write(Path dir, SimulationConfig config, List<CustomerHistory> customers) throws IOException {
        Files.createDirectories(dir);
        List<ContactEvent> events = timeOrdered(customers, Duration.ZERO);
        try (Progress progress = new Progress("writing events", events.size(), "events");
             BufferedWriter out = Files.newBufferedWriter(dir.resolve("events.jsonl"))) {
            for (ContactEvent event : events) {
                out.write(json(event));
                out.write('\n');
                progress.step(1);
            }
        }
        // The outcomes once more as a plain list, the form many organisations can export.
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("outcomes.csv"))) {
            out.write("customerId,endedAt\n");
            for (CustomerHistory customer : customers) {
                if (customer.truth().churned()) {
                    out.write(customer.truth().customerId() + "," + customer.truth().churnedAt() + "\n");
                }
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("ground-truth.jsonl"))) {
            for (CustomerHistory customer : customers) {
                out.write(json(customer.truth()));
                out.write('\n');
            }
        }
        Files.writeString(dir.resolve("simulation.yaml"), config.toYaml());
    }
}
