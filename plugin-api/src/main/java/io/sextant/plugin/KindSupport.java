package io.sextant.plugin;

/** How one backend type serves one kind. */
public interface KindSupport {

    /** The backend {@code type} of engine configuration, such as {@code sim}. */
    String backendType();

    /** The kind served, as {@link KindDefinition#kind()}. */
    String kind();
}
