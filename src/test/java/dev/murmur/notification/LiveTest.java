package dev.murmur.notification;

import dev.murmur.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/live read the way a browser's EventSource reads it: a Java HTTP client on the raw
 * stream. What it receives went through the outbox, Kafka and the instance's own live consumer.
 */
@QuarkusTest
class LiveTest {

    /** The promise to the browser: a live update arrives within two seconds. */
    private static final Duration LIVE = Duration.ofSeconds(2);

    @TestHTTPResource("/api/live")
    URI live;

    record Event(String name, String data) {
    }

    @Test
    void shouldPushAPostOfAFollowedAccountWithinTwoSeconds() throws Exception {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        Api.User stranger = Api.newUser("stranger");
        ada.as().put("/api/accounts/" + bob.handle() + "/follow").then().statusCode(200);

        try (LiveStream stream = open(ada)) {
            assertThat(stream.next(LIVE)).isEqualTo(new Event("notification", "{\"unread\":0}"));
            // The viewer's own post, and the first through a fresh JVM (class loading, compilation).
            long own = Api.post(ada, "my own first");
            assertThat(stream.next(Duration.ofSeconds(30))).isEqualTo(postEvent(own, ada));

            Api.post(stranger, "nobody follows me here");
            long started = System.nanoTime();
            long post = Api.post(bob, "live from bob");
            Event event = stream.next(LIVE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LIVE);
            assertThat(event).isEqualTo(postEvent(post, bob));
            assertThat(stream.poll(Duration.ofMillis(500))).as("the stranger's post is not pushed").isNull();
        }
    }

    @Test
    void shouldPushTheUnreadCountWhenAPostOfTheViewerIsLikedAndWhenReadElsewhere() throws Exception {
        Api.User ada = Api.newUser("ada");
        Api.User bob = Api.newUser("bob");
        long post = Api.post(ada, "like me live");

        try (LiveStream stream = open(ada)) {
            assertThat(nextNotification(stream, LIVE, post)).isEqualTo(new Event("notification", "{\"unread\":0}"));
            // The first event through a fresh JVM pays for class loading and compilation along the
            // way (relay, consumer, applier, live consumer); the promise is about a running service.
            Api.User early = Api.newUser("early");
            early.as().put("/api/posts/" + post + "/like").then().statusCode(200);
            assertThat(nextNotification(stream, Duration.ofSeconds(30), post)).isEqualTo(new Event("notification", "{\"unread\":1}"));
            ada.as().post("/api/notifications/read").then().statusCode(200);
            assertThat(nextNotification(stream, Duration.ofSeconds(30), post)).isEqualTo(new Event("notification", "{\"unread\":0}"));

            long started = System.nanoTime();
            bob.as().put("/api/posts/" + post + "/like").then().statusCode(200);
            Event event = nextNotification(stream, LIVE, post);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LIVE);
            assertThat(event).isEqualTo(new Event("notification", "{\"unread\":1}"));

            // Marked read in another tab: this one hears of it.
            ada.as().post("/api/notifications/read").then().statusCode(200);
            assertThat(nextNotification(stream, LIVE, post)).isEqualTo(new Event("notification", "{\"unread\":0}"));
        }
    }

    /**
     * The next event other than the push of the viewer's own post: ada posted just before the stream
     * opened, and that post's event may reach this new stream a moment later (authors hear their own posts).
     */
    private static Event nextNotification(LiveStream stream, Duration within, long ownPost) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Event event = stream.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null || !"post".equals(event.name()) || !event.data().contains("\"postId\":" + ownPost + ",")) {
                return event;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** An open event stream; events are parsed from the lines as they arrive. */
    private final class LiveStream implements AutoCloseable {

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final HttpClient client = HttpClient.newHttpClient();
        private final Thread reader;

        LiveStream(Api.User user) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(live).header("Authorization", "Bearer " + user.token())
                    .header("Accept", "text/event-stream").GET().build();
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            reader = Thread.ofVirtual().start(() -> {
                String name = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) response.body()::iterator) {
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                events.add(new Event(name == null ? "message" : name, data.toString()));
                            }
                            name = null;
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).strip();
                        } else if (line.startsWith("data:")) {
                            data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).strip());
                        } // ":" comments (keepalive) and ids are not events
                    }
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
        }

        Event next(Duration within) throws InterruptedException {
            Event e = poll(within);
            assertThat(e).as("an event within " + within).isNotNull();
            return e;
        }

        Event poll(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            reader.interrupt();
            client.shutdownNow();
        }
    }

    private static Event postEvent(long postId, Api.User author) {
        return new Event("post", "{\"postId\":" + postId + ",\"author\":\"" + author.handle() + "\"}");
    }

    private LiveStream open(Api.User user) throws IOException, InterruptedException {
        return new LiveStream(user);
    }
}
