package io.sextant.engine.dashboard;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who an event stream counts against for {@code sextant.dashboard.max-clients-per-client}. A seam so
 * that, once the access token is an authenticated principal, the limit can follow the principal.
 */
interface StreamOwners {

    /** A stable key for the caller of {@code request}; never the raw credential. */
    String ownerOf(HttpServletRequest request);
}
