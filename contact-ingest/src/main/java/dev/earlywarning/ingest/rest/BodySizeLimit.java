package dev.earlywarning.ingest.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;


/**
 * Enforces the body limits on the bytes actually read, so a chunked body (no Content-Length for
 * {@link RequestSizeFilter} to refuse early) gets the same 413 as a declared one. Created before
 * the configuration is (a provider), it takes the limit the filter set on the request.
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    /** Without a limit from {@link RequestSizeFilter} (not a POST): quarkus.http.limits.max-body-size applies. */
    private static final long NO_LIMIT = Long.MAX_VALUE;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object limit = context.getProperty(RequestSizeFilter.LIMIT);
        Object what = context.getProperty(RequestSizeFilter.WHAT);
        context.setInputStream(new Limited(context.getInputStream(),
                limit instanceof Long l ? l : NO_LIMIT,
                what instanceof String w ? w : "per request"));
        return context.proceed();
    }

    /** Counts bytes as they are read and stops at the limit with a 413. */
    static final class Limited extends FilterInputStream {
        private final long limit;
        private final String what;
        private long read;

        Limited(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new TooLargeException("The body has more than " + limit + " bytes; at most " + limit
                        + " are accepted " + what);
            }
        }
    }
}
