package io.sextant.engine.notify;

import java.util.Map;

/** The configured channels by name, in configuration order (a bean: Spring would read a bare map as "all beans"). */
record Channels(Map<String, Channel> byName) {

    Channels {
        byName = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byName));
    }
}
