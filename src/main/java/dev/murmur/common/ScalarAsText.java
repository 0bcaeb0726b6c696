package dev.murmur.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;

/**
 * Reads a stored JSON scalar, number or text, as its text. For fields of JSON Murmur wrote itself
 * whose value is an account id or a word ({@code "by": 7} or {@code "bootstrap"}, {@code "tipper": 7} or
 * {@code "anonymous"}): the API's strict mapper refuses to turn a number into a string, which is right
 * for request bodies but would make rows stored with a number unreadable.
 */
public class ScalarAsText extends StdScalarDeserializer<String> {

    public ScalarAsText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
        if (p.currentToken().isScalarValue()) {
            return p.getValueAsString();
        }
        return (String) context.handleUnexpectedToken(String.class, p);
    }
}
