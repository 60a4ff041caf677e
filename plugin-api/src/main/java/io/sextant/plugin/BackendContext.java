package io.sextant.plugin;

import java.util.Optional;

/** The backend a {@link KindSupport} call is for, and what that backend offers to code outside its applier. */
public interface BackendContext {

    /** The backend's name from engine configuration, such as {@code sim-local}. */
    String name();

    /** The backend's type, such as {@code sim}. */
    String type();

    /**
     * A typed service the backend offers, such as the sim's disk per node; empty when it offers none of that
     * type. Facet types are published by the backend (the API itself defines none).
     */
    <T> Optional<T> facet(Class<T> type);
}
