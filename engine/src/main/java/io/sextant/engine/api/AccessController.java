package io.sextant.engine.api;

import io.sextant.engine.security.OperatorScope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/access}: what the caller's bearer token may do, so the dashboard shows Suspend and Resume
 * only to those who may. It only informs: every write checks the caller again.
 */
@RestController
class AccessController {

    @GetMapping("/api/v1/access")
    OperatorScope.Rights access() {
        return OperatorScope.rights();
    }
}
