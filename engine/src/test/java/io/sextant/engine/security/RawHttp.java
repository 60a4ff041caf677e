package io.sextant.engine.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so that the request target reaches the server exactly as written:
 * {@code java.net.http.HttpClient} and {@code URI} refuse or normalise some of the spellings an attacker
 * would send ({@code \}, {@code ..}, {@code //}). One request per connection.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** What came back: the status, the headers (names in lower case) and the body (not for event streams). */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    Answer send(String method, String target, String token) {
        return send(method, target, token, Map.of(), null);
    }

    Answer send(String method, String target, String token, Map<String, String> headers, String body) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (!headers.containsKey("Host")) {
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null || !method.equals("GET")) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return read(socket.getInputStream(), method + " " + target);
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " failed: " + e, e);
        }
    }

    /**
     * Sends {@code request} byte for byte (ISO-8859-1), however malformed, and reads the answer: for the
     * requests the server itself rejects before any application code sees them.
     */
    Answer sendRaw(String request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream(), request.lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new AssertionError(request.lines().findFirst().orElse("") + " failed: " + e, e);
        }
    }

    private static Answer read(InputStream in, String what) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
            throw new AssertionError(what + ": no HTTP answer, got " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        String type = headers.getOrDefault("content-type", "");
        if (type.startsWith("text/event-stream")) {
            return new Answer(status, headers, "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            in.transferTo(body);
        } catch (SocketTimeoutException slow) {
            throw new AssertionError(what + ": the body did not end within 10 s");
        }
        return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
