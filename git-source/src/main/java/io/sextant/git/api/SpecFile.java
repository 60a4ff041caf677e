package io.sextant.git.api;

/** A {@code .yaml}/{@code .yml} file under the source's paths at some commit, with its Git blob id. */
public record SpecFile(String path, String blobId) {}
