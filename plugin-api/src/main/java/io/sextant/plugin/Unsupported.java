package io.sextant.plugin;

/**
 * Why a backend cannot serve a spec, pointing at the field responsible; the engine reports it as a
 * validation error with the file and line of that field.
 *
 * @param field   dotted field path, such as {@code spec.runtime.engine}
 * @param message what this backend cannot do, and what would work
 */
public record Unsupported(String field, String message) {}
