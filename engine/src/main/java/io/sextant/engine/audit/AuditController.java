package io.sextant.engine.audit;

import io.sextant.engine.security.Visibility;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The audit endpoints of the HTTP API (DESIGN.md section 7): the events, newest first, and a check of
 * their hash chain. Errors are answered here as problem+json so they do not depend on global handlers.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    static final int MAX_LIMIT = 10_000;

    private final AuditStore store;

    AuditController(AuditStore store) {
        this.store = store;
    }

    @GetMapping
    Map<String, List<AuditEvent>> list(
            @RequestParam(required = false) String commit,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new InvalidQuery("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        int wanted = limit == null ? AuditQuery.DEFAULT_LIMIT : limit;
        Visibility visible = Visibility.ofCaller();
        // A team member's newest events are found among the newest MAX_LIMIT of the whole log.
        AuditQuery query = new AuditQuery(blankToNull(commit), blankToNull(kind), blankToNull(namespace),
                blankToNull(name), blankToNull(action), visible.everything() ? wanted : MAX_LIMIT);
        List<AuditEvent> events = store.find(query);
        if (!visible.everything()) {
            events = events.stream().filter(e -> e.resource() != null && visible.sees(e.resource().namespace(),
                    e.backend())).limit(wanted).toList();
        }
        return Map.of("items", events);
    }

    @GetMapping("/verify")
    Map<String, Object> verify() {
        ChainVerification result = store.verify();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", result.valid());
        body.put("events", result.events());
        if (result.firstBrokenId() != null) {
            body.put("firstBrokenId", result.firstBrokenId());
        }
        return body;
    }

    @ExceptionHandler(InvalidQuery.class)
    ProblemDetail invalidQuery(InvalidQuery e) {
        return badRequest(e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return badRequest(e.getName() + " must be a number, was '" + e.getValue() + "'");
    }

    private static ProblemDetail badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid audit query");
        return problem;
    }

    // "?commit=" from a form or script means "no filter", not "events whose commit is empty".
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A query parameter out of its range. */
    static final class InvalidQuery extends RuntimeException {
        InvalidQuery(String message) {
            super(message);
        }
    }
}
