package io.sextant.engine.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for the dashboard's pages and assets. The content security policy allows only this
 * engine's own scripts, styles and API, so the page can never load from a CDN or run injected markup;
 * links to Git hosts leak no referrer.
 */
@Component
class DashboardHeaders extends OncePerRequestFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded path the router uses: "/%61pi/v1/resources" is an API answer, not a dashboard file.
        String path = request.getServletPath();
        return path.startsWith("/api/") || path.startsWith("/actuator") || path.startsWith("/v3/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        // Revalidate on every load so an upgraded engine never runs with yesterday's scripts.
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
