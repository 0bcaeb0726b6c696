package dev.murmur.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * JSON types are checked, not guessed: 42 is not a string, "42" is not a number, 1.5 is not an
 * integer. A client that sends the wrong type gets a wrong-json-type problem instead of a silent
 * conversion.
 *
 * <p>Bad input is refused, never repaired (docs/decisions/0601-*): an object with the same key twice
 * is refused (Jackson's strict duplicate detection; without it the last value silently wins), so is
 * anything after the body's one JSON value ({@code {"a":1}}}), and so is a string holding an
 * unpaired surrogate ({@code "\ud800"}), which no UTF-8 column can store. Malformed UTF-8 bytes are
 * refused before Jackson sees them ({@link StrictUtf8}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("murmur-strict-text").addDeserializer(String.class, new WellFormedStrings()));
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    }

    /** Whether a Jackson failure is the strict duplicate detection's; Jackson has no subtype for it. */
    public static boolean isDuplicateKey(Throwable e) {
        return e instanceof com.fasterxml.jackson.core.JsonParseException
                && e.getMessage() != null && e.getMessage().startsWith("Duplicate field '");
    }

    /** Jackson's own string deserializer (and its coercion rules), plus a check for unpaired surrogates. */
    static final class WellFormedStrings extends StdScalarDeserializer<String> {

        WellFormedStrings() {
            super(String.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, context);
            int bad = unpairedSurrogate(value);
            if (bad >= 0) {
                throw new NotTextException(p, "A string holds an unpaired surrogate (\\u"
                        + Integer.toHexString(value.charAt(bad)) + ") at index " + bad + "; it is not Unicode text");
            }
            return value;
        }
    }

    /** The index of the first surrogate that is not half of a pair, or -1. */
    static int unpairedSurrogate(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
