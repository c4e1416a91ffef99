package dev.earlywarning.commons.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastJsonCustomizerTest {

    record Factor(String name, double value, double logOdds) {
    }

    record Risk(double probability, int horizonDays, List<Factor> factors, boolean alerting) {
    }

    private static final List<Risk> VALUES = List.of(
            new Risk(0.0386, 90, List.of(new Factor("events", 2.485, 0.7949), new Factor("other", 0, -0.0072)), false),
            new Risk(1e-7, 30, List.of(new Factor("tiny", 4.9e-324, 1.7976931348623157e308)), true),
            new Risk(0.1 + 0.2, 0, List.of(), true));

    @Test
    void generatedAccessorsAndTheFastDoubleWriterWriteTheSameJson() throws Exception {
        ObjectMapper fast = FastJsonCustomizer.apply(new ObjectMapper());
        ObjectMapper plain = new ObjectMapper();
        assertThat(fast.getRegisteredModuleIds()).contains(new BlackbirdModule().getTypeId());
        for (Risk risk : VALUES) {
            String json = fast.writeValueAsString(risk);
            assertThat(plain.readValue(json, Risk.class)).isEqualTo(risk);
            assertThat(fast.readValue(plain.writeValueAsString(risk), Risk.class)).isEqualTo(risk);
        }
        assertThat(fast.writeValueAsString(VALUES.get(0))).isEqualTo(plain.writeValueAsString(VALUES.get(0)));
    }
}
