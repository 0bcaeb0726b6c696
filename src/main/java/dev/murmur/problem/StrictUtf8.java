package dev.murmur.problem;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Every request body must be well-formed UTF-8 (RFC 8259 section 8.1), checked by the JDK's strict
 * decoder before Jackson reads it. Jackson's own UTF-8 reader decodes an overlong form such as
 * {@code C0 AF} to "/" and lets an encoded surrogate through; here both are refused with a
 * {@code malformed-text} problem, never repaired (docs/decisions/0601-*).
 *
 * <p>It runs after {@link RequestSizeFilter} (a later priority), so it reads a stream that is already
 * counted: buffering the body costs at most {@code murmur.api.max-body-bytes}.
 */
@Provider
@Priority(Priorities.USER + 100)
public class StrictUtf8 implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readAllBytes();
        ByteBuffer in = ByteBuffer.wrap(body);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(in, CharBuffer.allocate(body.length), true); // UTF-8 never decodes to more chars than bytes
        if (result.isError()) {
            throw new ApiException(ProblemType.MALFORMED_TEXT,
                    "The body is not well-formed UTF-8: the bytes at offset " + in.position() + " are not a valid sequence");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
