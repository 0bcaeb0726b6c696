package dev.murmur.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A JSON string that is not Unicode text (an unpaired surrogate escape). A mapping exception, so
 * Jackson adds the field path, and its own type, so it maps to {@code malformed-text} rather than
 * {@code wrong-json-type}.
 */
public class NotTextException extends JsonMappingException {

    public NotTextException(JsonParser parser, String message) {
        super(parser, message);
    }
}
