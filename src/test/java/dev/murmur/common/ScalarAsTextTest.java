package dev.murmur.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.murmur.problem.StrictJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored ids-or-words read back as text under the API's strict mapper, which alone would refuse the numbers. */
class ScalarAsTextTest {

    record Stored(@JsonDeserialize(using = ScalarAsText.class) String by) {
    }

    record Plain(String by) {
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void shouldReadAStoredNumberOrWordAsText() throws Exception {
        ObjectMapper mapper = strict();
        assertThat(mapper.readValue("{\"by\":7}", Stored.class).by()).isEqualTo("7");
        assertThat(mapper.readValue("{\"by\":\"bootstrap\"}", Stored.class).by()).isEqualTo("bootstrap");
        assertThat(mapper.readValue("{\"by\":null}", Stored.class).by()).isNull();
    }

    @Test
    void shouldStillRefuseAnObjectOrAList() {
        assertThatThrownBy(() -> strict().readValue("{\"by\":[7]}", Stored.class)).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> strict().readValue("{\"by\":{\"id\":7}}", Stored.class)).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void shouldBeNeededBecauseTheStrictMapperRefusesANumberForText() {
        assertThatThrownBy(() -> strict().readValue("{\"by\":7}", Plain.class)).isInstanceOf(MismatchedInputException.class);
    }
}
