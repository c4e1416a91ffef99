package dev.earlywarning.scorer.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** The storage parameters V9 gives the two tables every scored event writes, as the database holds them. */
@QuarkusTest
class RowStorageTest {

    private final Pool pool;

    RowStorageTest(Pool pool) {
        this.pool = pool;
    }

    @Test
    void rowsUpToAPageStayUncompressedAndCustomerPagesKeepRoomForUpdates() {
        Map<String, List<String>> options = new HashMap<>();
        for (Row row : pool.query("SELECT relname, reloptions FROM pg_class WHERE relname IN "
                + "('customer_health', 'health_history')").executeAndAwait()) {
            options.put(row.getString("relname"), List.of(row.getArrayOfStrings("reloptions")));
        }
        assertThat(options.get("customer_health")).containsExactlyInAnyOrder("toast_tuple_target=8160", "fillfactor=85");
        assertThat(options.get("health_history")).containsExactly("toast_tuple_target=8160");
    }
}
