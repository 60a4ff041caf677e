package io.sextant.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves the bare repositories under a directory over smart HTTP on 127.0.0.1, through
 * {@code git http-backend} (the CGI program Git ships for exactly this), and counts requests, so the
 * bench can show what an idle poll costs on the wire.
 */
final class GitHttp implements AutoCloseable {

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();

    private GitHttp(HttpServer server) {
        this.server = server;
    }

    static GitHttp serve(Path root) throws IOException {
        KubeStandIn.answerWithoutNagle(); // as Git hosts answer; the JDK reads it when its first server starts
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        GitHttp git = new GitHttp(server);
        server.createContext("/", exchange -> git.handle(root, exchange));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "bench-git-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return git;
    }

    String url(String repository) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repository;
    }

    long requests() {
        return requests.get();
    }

    private void handle(Path root, HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath());
            env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? ""
                    : exchange.getRequestURI().getRawQuery());
            env.put("CONTENT_LENGTH", Integer.toString(body.length));
            env.put("REMOTE_ADDR", "127.0.0.1");
            putHeader(exchange, env, "Content-Type", "CONTENT_TYPE");
            putHeader(exchange, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
            putHeader(exchange, env, "Git-Protocol", "GIT_PROTOCOL");
            Process process = cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(body);
            }
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readAllBytes();
            }
            process.waitFor();
            respond(exchange, output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void putHeader(HttpExchange exchange, Map<String, String> env, String header, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    /** Turns CGI output (headers, a blank line, the body) into the HTTP response. */
    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int split = headerEnd(output);
        String head = new String(output, 0, Math.max(0, split), StandardCharsets.ISO_8859_1);
        int status = 200;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int start = split < 0 ? 0 : split + (output[split] == '\r' ? 4 : 2);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, start, output.length - start);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    /** Index of the blank line after the CGI headers ({@code \r\n\r\n} or {@code \n\n}), or -1. */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < output.length && output[i] == '\r' && output[i + 1] == '\n' && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
