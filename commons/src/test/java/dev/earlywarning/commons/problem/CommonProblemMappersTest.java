package dev.earlywarning.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The problems every service answers for bad JSON; the services' tests answer them over HTTP. */
class CommonProblemMappersTest {

    record Body(int effortScore, List<String> tags) {
    }

    private static Problem problemOf(String json) {
        try {
            new ObjectMapper().readValue(json, Body.class);
            throw new AssertionError("read: " + json);
        } catch (JsonProcessingException e) {
            return CommonProblemMappers.unreadable(e);
        }
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithWhatItTakes() {
        Problem problem = problemOf("{\"effortScore\": \"very high\"}");
        assertThat(problem.type()).isEqualTo("https://early-warning.dev/problems/invalid-field");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("effortScore");
            assertThat(error.message()).startsWith("must be an integer");
        });
    }

    @Test
    void aNestedFieldIsNamedByItsPath() {
        assertThat(problemOf("{\"tags\": [\"a\", {\"x\": 1}]}").errors()).singleElement()
                .extracting(FieldError::field).isEqualTo("tags[1]");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        Problem problem = problemOf("{effortScore: 3");
        assertThat(problem.type()).endsWith("/malformed-json");
        assertThat(problem.errors()).isEmpty();
        assertThat(problem.response().getStatus()).isEqualTo(400);
        assertThat(problem.response().getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
    }
}
