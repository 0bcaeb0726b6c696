package dev.murmur.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Enforces {@code murmur.api.max-body-bytes} with a 413 problem, in two places. A body with a
 * Content-Length above the limit is rejected before anything reads it. Every body that is read
 * (all of them JSON entities) is also counted as it is read, so one without a Content-Length
 * (chunked) is rejected as soon as it passes the limit, before the endpoint runs. Vert.x's own body
 * limit (quarkus.http.limits.max-body-size) stays as a backstop; a chunked body never gets near it.
 */
@Provider
@ApplicationScoped // built on first use, when the config mapping exists; a plain @Provider is built too early
public class RequestSizeFilter implements ReaderInterceptor {

    private final ApiConfig config;

    public RequestSizeFilter(ApiConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void rejectOversizedBodies(ContainerRequestContext request) {
        if (request.getLength() > config.maxBodyBytes()) {
            throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + request.getLength() + " bytes; the limit is " + config.maxBodyBytes());
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new LimitedInputStream(context.getInputStream(), config.maxBodyBytes()));
        return context.proceed();
    }

    /** Counts the bytes read through it, and fails once there are more than the limit. */
    private static final class LimitedInputStream extends FilterInputStream {

        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) {
            count += n;
            if (count > limit) {
                throw new ApiException(ProblemType.PAYLOAD_TOO_LARGE,
                        "The body has more than " + limit + " bytes; the limit is " + limit);
            }
        }
    }
}
