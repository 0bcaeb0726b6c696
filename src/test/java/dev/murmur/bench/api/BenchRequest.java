package dev.murmur.bench.api;

import java.util.List;

/** One request of a scenario: method, path (with its query), headers as name-value pairs, and a body or null. */
record BenchRequest(String method, String path, List<String> headers, String body) {

    BenchRequest {
        if (headers.size() % 2 != 0) {
            throw new IllegalArgumentException("headers come in name-value pairs: " + headers);
        }
        headers = List.copyOf(headers);
    }

    static BenchRequest get(String path, String... headers) {
        return new BenchRequest("GET", path, List.of(headers), null);
    }
}
