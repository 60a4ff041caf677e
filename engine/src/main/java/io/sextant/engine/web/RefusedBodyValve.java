package io.sextant.engine.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * Closes the connection after an error answer to a request whose body was not read, instead of
 * letting Tomcat read ("swallow") the rest of the body to keep the connection alive. A request refused
 * before its body is read (401 without a token, 403, 429, 503) is then answered at once and frees its
 * thread, however slowly its client sends the body.
 */
final class RefusedBodyValve extends ValveBase {

    RefusedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (refusedUnread(response.getStatus()) && hasUnreadBody(request)) {
            if (!response.isCommitted()) {
                response.setHeader("Connection", "close");
            }
            // What Tomcat does for an aborted upload: the answer is still sent, then the connection closed.
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }

    // Not 413/415: a client still sending a fast body would get a reset instead of the answer, because
    // closing a socket with unread input resets it. Tomcat closes after 413 itself, having read at
    // most server.tomcat.max-swallow-size. TODO(issue 16): bound that swallow in time too.
    private static boolean refusedUnread(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429 || status == 503;
    }

    private static boolean hasUnreadBody(Request request) {
        if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
            return false;
        }
        AtomicBoolean fullyRead = new AtomicBoolean();
        request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
        return !fullyRead.get();
    }
}
