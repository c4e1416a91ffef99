package dev.earlywarning.scorer.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.earlywarning.scorer.domain.Band;

class StoreSplitTest {

    private static CustomerHealth customer(String id, int partition) {
        return new CustomerHealth(id, "retail", 70, Band.HEALTHY, 0.8, "p1", Instant.EPOCH, new byte[] {1}, "{}",
                partition);
    }

    private static HealthHistory history(String customerId, String cause) {
        return new HealthHistory(customerId, cause, 70, Band.HEALTHY, Instant.EPOCH, "{}", null);
    }

    @Test
    void aBatchOfSeveralPartitionsIsStoredInTwoPartsOfWholePartitions() {
        List<CustomerHealth> customers = new ArrayList<>();
        List<HealthHistory> history = new ArrayList<>();
        List<ConsumedOffset> offsets = new ArrayList<>();
        for (int partition = 0; partition < 6; partition++) {
            for (int i = 0; i <= partition; i++) {
                String id = "C" + partition + "-" + i;
                customers.add(customer(id, partition));
                history.add(history(id, "e1"));
                history.add(history(id, "e2"));
            }
            offsets.add(ConsumedOffset.of("contact-events", partition, 100 + partition));
        }

        List<StateStore.Part> parts = StateStore.Part.split(customers, history, offsets);

        assertThat(parts).hasSize(2);
        Set<Integer> seen = new HashSet<>();
        for (StateStore.Part part : parts) {
            Set<Integer> partitions = new HashSet<>();
            part.customers().forEach(c -> partitions.add(c.kafkaPartition()));
            part.offsets().forEach(o -> assertThat(partitions).as("an offset goes with its partition's rows")
                    .contains(o.kafkaPartition()));
            Set<String> ids = new HashSet<>();
            part.customers().forEach(c -> ids.add(c.customerId()));
            part.history().forEach(h -> assertThat(ids).as("a history row goes with its customer").contains(
                    h.customerId()));
            partitions.forEach(p -> assertThat(seen.add(p)).as("partition %d in one part only", p).isTrue());
        }
        assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(parts.stream().mapToInt(p -> p.customers().size()).sum()).isEqualTo(customers.size());
        assertThat(parts.stream().mapToInt(p -> p.history().size()).sum()).isEqualTo(history.size());
        // Balanced by rows: 21 customers over 6 partitions, the parts differ by a partition's worth at most.
        assertThat(Math.abs(parts.get(0).customers().size() - parts.get(1).customers().size())).isLessThanOrEqualTo(6);
    }

    @Test
    void aBatchOfOnePartitionStaysOneTransaction() {
        List<CustomerHealth> customers = List.of(customer("a", 3), customer("b", 3));
        List<StateStore.Part> parts = StateStore.Part.split(customers, List.of(history("a", "e")),
                List.of(ConsumedOffset.of("contact-events", 3, 7)));
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).customers()).hasSize(2);
    }
}
