package io.sextant.engine.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a GET, HEAD or OPTIONS request that carries a body (400), before anything reads it. Such a body
 * means nothing here (RFC 9110), yet some handlers read one: every actuator endpoint binds an optional JSON
 * body, {@code /actuator/health} included, which is open to anyone. A client trickling a JSON body to it
 * held a request thread for as long as it kept sending. Refused unread, the body is then bounded by
 * {@link UnreadBodyValve}. An empty body ({@code Content-Length: 0}), which some clients send, is fine.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodylessReadsFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(400);
        response.setContentType("application/problem+json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // Neither the path nor anything else the client sent is echoed: the detail is fixed text.
        response.getOutputStream().write(("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"a " + request.getMethod() + " request carries no body here: send it without one "
                + "(no Content-Length, or Content-Length: 0)\"}").getBytes(StandardCharsets.UTF_8));
    }
}
