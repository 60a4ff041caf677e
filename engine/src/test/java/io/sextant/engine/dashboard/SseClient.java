package io.sextant.engine.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a server-sent event stream over plain HTTP, as a browser's EventSource would. */
final class SseClient implements AutoCloseable {

    /** One dispatched event; a comment line is an event named {@code :comment}. */
    record Event(String name, String data) {}

    private final HttpResponse<Stream<String>> response;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(int port) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Accept", "text/event-stream").GET().build();
        return new SseClient(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines()));
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    private void read() {
        String name = "message";
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    events.add(new Event(":comment", line.substring(1)));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5));
                }
            }
        } catch (RuntimeException closed) {
            // the stream ended or was closed by the test
        }
    }

    /**
     * The first event received so far, or until {@code timeout}, that matches {@code wanted}. Events are
     * kept, so the order in which a test asks for them does not matter.
     */
    Event await(String what, Duration timeout, Predicate<Event> wanted) throws InterruptedException {
        return await(what, timeout, 0, wanted);
    }

    /** How many events have been received so far. */
    int received() {
        return events.size();
    }

    /** Like {@link #await(String, Duration, Predicate)}, among the events received after the first {@code skip}. */
    Event await(String what, Duration timeout, int skip, Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // a snapshot: a sub-list of a copy-on-write list fails once the reader thread adds to it
            List<Event> received = List.copyOf(events);
            for (Event event : received.subList(Math.min(skip, received.size()), received.size())) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " on the event stream within " + timeout.toSeconds()
                        + " s; received " + events.stream().map(Event::name).toList());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
