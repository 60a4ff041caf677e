package io.sextant.spec.policy;

import java.util.List;

/**
 * {@code images}: which registries a namespace's runtime images may come from.
 *
 * @param allowedRegistries registry prefixes in matched form ({@link ImageReference#prefix}); empty: any
 * @param requireDigest     whether an image must be pinned by {@code @sha256:} digest (a tag can be moved)
 */
public record ImageRules(List<String> allowedRegistries, boolean requireDigest) {

    /** @throws IllegalArgumentException naming the bad prefix */
    public ImageRules {
        allowedRegistries = allowedRegistries == null ? List.of()
                : allowedRegistries.stream().map(ImageReference::prefix).distinct().toList();
    }
}
