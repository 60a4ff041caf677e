package io.sextant.drift.api;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One field that differs, in JSON Patch terms (RFC 6902): {@code op} is {@code add}, {@code remove} or
 * {@code replace}; {@code path} is a JSON Pointer into the manifest (e.g. {@code /spec/replicas});
 * {@code from} is the live value (null for add) and {@code value} the desired one (null for remove).
 */
public record FieldChange(String op, String path, JsonNode from, JsonNode value) {

    public FieldChange {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        if (!op.equals("add") && !op.equals("remove") && !op.equals("replace")) {
            throw new IllegalArgumentException("op must be add, remove or replace: " + op);
        }
    }
}
